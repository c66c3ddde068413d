import { seededRandom } from '../core/random.ts';

// The demo practice: fixed reference data plus 300 patients generated from a seeded PRNG, so every
// `npm start` on an empty database shows the same believable practice.

export const DEMO_ORG_NAME = 'Riverside Dental Group';

const weekdays = (start: string, end: string) => [0, 1, 2, 3, 4].map((d) => ({ day_of_week: d, start_time: start, end_time: end }));

/** Two locations; Brooklyn also opens Saturday mornings (the hygiene clinic's extra hours). */
export const DEMO_LOCATIONS = [
  {
    key: 'east', name: 'Riverside Dental — Brooklyn', timezone: 'America/New_York', address: '214 Atlantic Ave, Brooklyn, NY 11201',
    phone: '(718) 555-0142', openHours: [...weekdays('07:00:00', '18:00:00'), { day_of_week: 5, start_time: '08:00:00', end_time: '13:00:00' }],
  },
  {
    key: 'west', name: 'Riverside Dental — Pasadena', timezone: 'America/Los_Angeles', address: '88 E Colorado Blvd, Pasadena, CA 91105',
    phone: '(626) 555-0198', openHours: weekdays('08:00:00', '18:00:00'),
  },
] as const;

/** Six chairs per location; the last two are hygiene rooms. */
export const DEMO_OPERATORIES = [
  { name: 'Operatory 1', abbrev: 'OP1', is_hygiene: false },
  { name: 'Operatory 2', abbrev: 'OP2', is_hygiene: false },
  { name: 'Operatory 3', abbrev: 'OP3', is_hygiene: false },
  { name: 'Operatory 4', abbrev: 'OP4', is_hygiene: false },
  { name: 'Hygiene 1', abbrev: 'HYG1', is_hygiene: true },
  { name: 'Hygiene 2', abbrev: 'HYG2', is_hygiene: true },
] as const;

export const DEMO_PROVIDERS = [
  { first_name: 'Sarah', last_name: 'Chen', abbrev: 'DRC', provider_type: 'dentist', color: '#1E88E5' },
  { first_name: 'Marcus', last_name: 'Webb', abbrev: 'DRW', provider_type: 'dentist', color: '#8E24AA' },
  { first_name: 'Emily', last_name: 'Ortiz', abbrev: 'HYEO', provider_type: 'hygienist', color: '#43A047' },
  { first_name: 'James', last_name: 'Patel', abbrev: 'HYJP', provider_type: 'hygienist', color: '#FB8C00' },
  { first_name: 'Lena', last_name: 'Novak', abbrev: 'HYLN', provider_type: 'hygienist', color: '#00ACC1' },
] as const;

/** Common CDT codes with typical fees and chair minutes. */
export const DEMO_PROCEDURE_CODES: readonly { code: string; description: string; fee: number; minutes: number | null }[] = [
  { code: 'D0120', description: 'Periodic oral evaluation - established patient', fee: 58, minutes: 10 },
  { code: 'D0140', description: 'Limited oral evaluation - problem focused', fee: 85, minutes: 15 },
  { code: 'D0150', description: 'Comprehensive oral evaluation - new or established patient', fee: 115, minutes: 30 },
  { code: 'D0210', description: 'Intraoral - comprehensive series of radiographic images', fee: 155, minutes: 20 },
  { code: 'D0220', description: 'Intraoral - periapical first radiographic image', fee: 35, minutes: 5 },
  { code: 'D0274', description: 'Bitewings - four radiographic images', fee: 72, minutes: 10 },
  { code: 'D0330', description: 'Panoramic radiographic image', fee: 125, minutes: 10 },
  { code: 'D1110', description: 'Prophylaxis - adult', fee: 110, minutes: 45 },
  { code: 'D1120', description: 'Prophylaxis - child', fee: 78, minutes: 30 },
  { code: 'D1206', description: 'Topical application of fluoride varnish', fee: 42, minutes: 5 },
  { code: 'D1351', description: 'Sealant - per tooth', fee: 58, minutes: 10 },
  { code: 'D2140', description: 'Amalgam - one surface, primary or permanent', fee: 155, minutes: 30 },
  { code: 'D2150', description: 'Amalgam - two surfaces, primary or permanent', fee: 190, minutes: 40 },
  { code: 'D2330', description: 'Resin-based composite - one surface, anterior', fee: 180, minutes: 30 },
  { code: 'D2391', description: 'Resin-based composite - one surface, posterior', fee: 195, minutes: 30 },
  { code: 'D2392', description: 'Resin-based composite - two surfaces, posterior', fee: 245, minutes: 45 },
  { code: 'D2740', description: 'Crown - porcelain/ceramic', fee: 1275, minutes: 90 },
  { code: 'D2950', description: 'Core buildup, including any pins when required', fee: 305, minutes: 30 },
  { code: 'D3310', description: 'Endodontic therapy, anterior tooth', fee: 925, minutes: 60 },
  { code: 'D3330', description: 'Endodontic therapy, molar tooth', fee: 1320, minutes: 90 },
  { code: 'D4341', description: 'Periodontal scaling and root planing - four or more teeth per quadrant', fee: 255, minutes: 45 },
  { code: 'D4910', description: 'Periodontal maintenance', fee: 155, minutes: 60 },
  { code: 'D7140', description: 'Extraction, erupted tooth or exposed root', fee: 205, minutes: 30 },
  { code: 'D7210', description: 'Extraction, erupted tooth requiring removal of bone', fee: 360, minutes: 45 },
  { code: 'D9110', description: 'Palliative treatment of dental pain - per visit', fee: 125, minutes: 20 },
  { code: 'D9972', description: 'External bleaching - per arch', fee: 410, minutes: 60 },
];

/** A dozen appointment types; `/` is assistant-only time, `X` provider time, one character per 5 min. */
/** Index in DEMO_APPOINTMENT_TYPES of the locations' default type (what online booking offers): Adult Recall. */
export const DEMO_DEFAULT_TYPE = 1;

export const DEMO_APPOINTMENT_TYPES: readonly { name: string; abbrev: string; color: string; time_pattern: string; add: string[] }[] = [
  { name: 'New Patient Exam', abbrev: 'NP', color: '#7E57C2', time_pattern: '//XXXXXXXX//', add: ['D0150', 'D0210'] },
  { name: 'Adult Recall', abbrev: 'RC', color: '#43A047', time_pattern: '/XXXXXXXXXX/', add: ['D0120', 'D1110', 'D0274'] },
  { name: 'Child Recall', abbrev: 'CRC', color: '#66BB6A', time_pattern: '/XXXX/', add: ['D0120', 'D1120', 'D1206'] },
  { name: 'Emergency Exam', abbrev: 'EMG', color: '#E53935', time_pattern: 'XXXXXX', add: ['D0140', 'D0220'] },
  { name: 'Filling - One Surface', abbrev: 'F1', color: '#1E88E5', time_pattern: '//XXXXXX', add: ['D2391'] },
  { name: 'Filling - Two Surfaces', abbrev: 'F2', color: '#1565C0', time_pattern: '//XXXXXXXX//', add: ['D2392'] },
  { name: 'Crown Prep', abbrev: 'CRP', color: '#F4511E', time_pattern: '//XXXXXXXXXXXXXX//', add: ['D2740', 'D2950'] },
  { name: 'Crown Seat', abbrev: 'CRS', color: '#FF7043', time_pattern: '/XXXXXX/', add: [] },
  { name: 'Root Canal - Molar', abbrev: 'RCT', color: '#6D4C41', time_pattern: '/XXXXXXXXXXXXXXXX/', add: ['D3330'] },
  { name: 'Scaling & Root Planing', abbrev: 'SRP', color: '#00897B', time_pattern: '/XXXXXXXXXX/', add: ['D4341'] },
  { name: 'Perio Maintenance', abbrev: 'PM', color: '#26A69A', time_pattern: '/XXXXXXXXXX/', add: ['D4910'] },
  { name: 'Extraction', abbrev: 'EXT', color: '#8D6E63', time_pattern: '/XXXXXXX/', add: ['D7140'] },
];

const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'James', 'Isabella', 'William', 'Mia', 'Benjamin',
  'Charlotte', 'Lucas', 'Amelia', 'Henry', 'Harper', 'Alexander', 'Evelyn', 'Mateo', 'Abigail', 'Daniel', 'Emily',
  'Michael', 'Ella', 'Samuel', 'Grace', 'David', 'Chloe', 'Joseph', 'Victoria', 'Carter', 'Riley', 'Owen', 'Aria',
  'Wyatt', 'Lily', 'John', 'Zoe', 'Jack', 'Nora', 'Luke', 'Hannah', 'Jayden', 'Layla', 'Dylan', 'Priya', 'Wei',
  'Aisha', 'Diego', 'Fatima', 'Hiroshi', 'Ingrid', 'Kofi', 'Mariana', 'Nikolai', 'Rosa', 'Tariq', 'Yuki', 'Gabriel',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez',
  'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen',
  'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall',
  'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Kim', 'Okafor', 'Kowalski', 'Haddad', 'Sato', 'Larsen',
];
const NICKNAMES: Record<string, string> = {
  William: 'Will', Alexander: 'Alex', Benjamin: 'Ben', Samuel: 'Sam', Michael: 'Mike', Joseph: 'Joe', Daniel: 'Dan',
  Victoria: 'Tori', Elizabeth: 'Liz', Nikolai: 'Nick', Gabriel: 'Gabe', Isabella: 'Bella', Abigail: 'Abby',
};

export interface DemoPatient {
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  birth_date: string;
  chart_number: string;
  mobile_phone: string;
  email: string;
  balance_due: number;
}

/** `count` deterministic patients with plausible ages, fictional 555-01xx phone numbers and balances. */
export function demoPatients(count = 300, seed = 20261121): DemoPatient[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const out: DemoPatient[] = [];
  for (let i = 1; i <= count; i++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const year = 1940 + Math.floor(rand() * 80);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const owes = rand() < 0.2;
    out.push({
      first_name: first,
      last_name: last,
      preferred_name: NICKNAMES[first] && rand() < 0.5 ? NICKNAMES[first]! : null,
      birth_date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      chart_number: `RD${String(i).padStart(5, '0')}`,
      mobile_phone: `(${pick(['718', '347', '626', '818'])}) 555-01${String(Math.floor(rand() * 100)).padStart(2, '0')}`,
      email: `${first}.${last}${i}@example.com`.toLowerCase(),
      balance_due: owes ? Math.round(rand() * 60000) / 100 : 0,
    });
  }
  return out;
}

/** Weekly hours per demo provider (index into DEMO_PROVIDERS), split around lunch: [weekdays, ranges]. */
export const DEMO_WEEKLY_HOURS: readonly {
  provider: number; location: 'east' | 'west'; operatory: number; days: number[]; ranges: [string, string][];
}[] = [
  { provider: 0, location: 'east', operatory: 0, days: [0, 1, 2, 3], ranges: [['08:00', '12:00'], ['13:00', '17:00']] },
  { provider: 0, location: 'east', operatory: 0, days: [4], ranges: [['08:00', '14:00']] },
  { provider: 1, location: 'west', operatory: 0, days: [0, 1, 2, 3, 4], ranges: [['09:00', '12:00'], ['13:00', '18:00']] },
  { provider: 2, location: 'east', operatory: 4, days: [0, 2, 4], ranges: [['07:00', '12:00'], ['13:00', '16:00']] },
  { provider: 3, location: 'east', operatory: 5, days: [1, 3], ranges: [['09:00', '12:00'], ['13:00', '18:00']] },
  { provider: 4, location: 'west', operatory: 4, days: [0, 1, 2, 3], ranges: [['08:00', '12:00'], ['13:00', '17:00']] },
];

export const DEMO_BLOCKOUT_TYPES = [
  { key: 'lunch', name: 'Lunch', abbreviation: 'LUN', color: '#BDBDBD', is_no_schedule: true, is_do_not_copy: false, is_holiday: false },
  { key: 'meeting', name: 'Staff Meeting', abbreviation: 'MTG', color: '#8D6E63', is_no_schedule: true, is_do_not_copy: true, is_holiday: false },
  { key: 'holiday', name: 'Holiday', abbreviation: 'HOL', color: '#E53935', is_no_schedule: true, is_do_not_copy: true, is_holiday: true },
  { key: 'emergency', name: 'Emergency Hold', abbreviation: 'EMG', color: '#FFB300', is_no_schedule: false, is_do_not_copy: false, is_holiday: false },
] as const;

/** Fixed-date and rule-based US practice holidays of `year` (YYYY-MM-DD, name). */
export function usHolidays(year: number): [string, string][] {
  const weekday = (month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay(); // 0 = Sunday
  const day = (month: number, d: number) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const memorial = 31 - ((weekday(5, 31) + 6) % 7); // last Monday of May
  const labor = 1 + ((8 - weekday(9, 1)) % 7); // first Monday of September
  const thanksgiving = 22 + ((11 - weekday(11, 1)) % 7); // fourth Thursday of November
  return [
    [day(1, 1), "New Year's Day"], [day(5, memorial), 'Memorial Day'], [day(7, 4), 'Independence Day'],
    [day(9, labor), 'Labor Day'], [day(11, thanksgiving), 'Thanksgiving'], [day(12, 25), 'Christmas Day'],
  ];
}
