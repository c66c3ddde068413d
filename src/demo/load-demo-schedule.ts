import type pg from 'pg';
import { addDays, dayOfWeek } from '../core/time.ts';
import { createBlockoutType, createBlockouts, repeatBlockoutWeeks } from '../blockouts/index.ts';
import { createOverride, createTemplate } from '../schedule/index.ts';
import { DEMO_BLOCKOUT_TYPES, DEMO_WEEKLY_HOURS, usHolidays } from './demo-data.ts';

export interface DemoRefs {
  locations: Record<'east' | 'west', string>;
  operatories: Record<'east' | 'west', string[]>;
  providers: string[];
}

const WEEKS = 12;

/** The first weekday holiday after `from` and no later than `until`, if any. */
function nextHoliday(from: string, until: string): [string, string] | undefined {
  const year = Number(from.slice(0, 4));
  return [...usHolidays(year), ...usHolidays(year + 1)]
    .find(([date]) => date > from && date <= until && dayOfWeek(date) < 5);
}

/**
 * The demo's schedule around `today`: weekly templates for every provider (from four weeks back,
 * open-ended), a lunch blockout every weekday for this and the next 12 weeks (made once and repeated
 * with repeat-weeks, which skips the holiday), a staff meeting every other Friday, one holiday, and
 * a few overrides next week. Runs inside the demo's transaction.
 */
export async function loadDemoSchedule(tx: pg.PoolClient, orgId: string, refs: DemoRefs, today: string): Promise<void> {
  const monday = addDays(today, -dayOfWeek(today));
  for (const h of DEMO_WEEKLY_HOURS) {
    for (const day of h.days) {
      for (const [start, end] of h.ranges) {
        await createTemplate(tx, orgId, null, {
          provider_id: refs.providers[h.provider]!, location_id: refs.locations[h.location],
          operatory_id: refs.operatories[h.location][h.operatory]!, day_of_week: day,
          start_time: `${start}:00`, end_time: `${end}:00`, effective_from: addDays(monday, -28), effective_to: null, note: '',
        });
      }
    }
  }
  const types: Record<string, string> = {};
  for (const [i, t] of DEMO_BLOCKOUT_TYPES.entries()) {
    const { key, ...fields } = t;
    types[key] = (await createBlockoutType(tx, orgId, { ...fields, is_hidden: false, item_order: i })).id;
  }
  const holiday = nextHoliday(addDays(monday, 6), addDays(monday, 7 * WEEKS + 6));
  for (const location of Object.values(refs.locations)) {
    const block = (type: string, date: string, start: string, end: string, note: string) => createBlockouts(tx, orgId, null, {
      location_id: location, blockout_type_id: types[type]!, schedule_date: date, start_time: start, end_time: end,
      note, operatory_ids: null, allow_overlap: false,
    });
    for (let d = 0; d < 5; d++) await block('lunch', addDays(monday, d), '12:00:00', '13:00:00', '');
    if (holiday) await block('holiday', holiday[0], '00:00:00', '23:59:00', holiday[1]);
    await repeatBlockoutWeeks(tx, orgId, null, location, monday, WEEKS);
    for (let w = 0; w <= WEEKS; w += 2) {
      const friday = addDays(monday, 7 * w + 4);
      if (friday !== holiday?.[0]) await block('meeting', friday, '07:00:00', '08:00:00', 'Team huddle and case review');
    }
  }
  await loadDemoOverrides(tx, orgId, refs, addDays(monday, 7));
}

async function loadDemoOverrides(tx: pg.PoolClient, orgId: string, refs: DemoRefs, nextMonday: string): Promise<void> {
  const base = { operatory_id: null, note: '' };
  await createOverride(tx, orgId, null, {
    ...base, provider_id: refs.providers[0]!, location_id: refs.locations.east, override_date: addDays(nextMonday, 4),
    is_unavailable: true, override_reason: 'vacation', note: 'Long weekend',
  });
  await createOverride(tx, orgId, null, {
    ...base, provider_id: refs.providers[2]!, location_id: refs.locations.east, override_date: addDays(nextMonday, 5),
    is_unavailable: false, start_time: '08:00:00', end_time: '13:00:00', override_reason: 'extra_hours',
    operatory_id: refs.operatories.east[4]!, note: 'Saturday hygiene clinic',
  });
  await createOverride(tx, orgId, null, {
    ...base, provider_id: refs.providers[1]!, location_id: refs.locations.west, override_date: addDays(nextMonday, 2),
    is_unavailable: false, start_time: '09:00:00', end_time: '13:00:00', override_reason: 'training',
    operatory_id: refs.operatories.west[0]!, note: 'CE course in the afternoon',
  });
}
