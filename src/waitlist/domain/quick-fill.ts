import { dayOfWeek, wallSeconds } from '../../core/time.ts';
import { ACTIVE_STATUSES, effectiveStatus, type EntryStatus } from './entry-status.ts';
import { URGENCY_POINTS, standingScore, type ScorePart, type StandingScore, type Urgency } from './scoring.ts';

export type LocationScope = 'home_only' | 'selected' | 'any';

/** Preferred days and wall-clock window (from the entry, or the patient's scheduling preference). */
export interface DayTimePreference {
  /** Weekdays 0 = Monday … 6 = Sunday; null or [] = no day preference. */
  preferredDays: number[] | null;
  /** HH:MM:SS; a fitting opening starts at or after it… */
  timeStart: string | null;
  /** …and ends at or before it. */
  timeEnd: string | null;
}

/** What ranking needs of one ASAP entry. */
export interface Candidate extends DayTimePreference {
  id: string;
  patientId: string;
  /** The stored status (expiry is decided here against the opening's `today`). */
  status: EntryStatus;
  urgency: Urgency;
  priorityRank: number | null;
  priorityName: string | null;
  daysWaiting: number;
  locationId: string;
  locationScope: LocationScope;
  additionalLocationIds: string[];
  appointmentTypeId: string | null;
  providerId: string | null;
  /** Minutes the visit needs: the entry's estimate, else its type's duration; null when unknown. */
  durationMins: number | null;
  dateRangeStart: string | null;
  dateRangeEnd: string | null;
  /** The patient's scheduling preference, used where the entry states no days or no window of its own. */
  patientPreference: DayTimePreference | null;
}

/** A free chair time to fill, in the location's wall clock. */
export interface Opening {
  date: string;
  /** HH:MM:SS */
  startTime: string;
  endTime: string;
  /** Real length in minutes (a DST transition inside the opening makes it differ from the wall-clock difference). */
  lengthMins: number;
  locationId: string;
  providerId: string | null;
  appointmentTypeId: string | null;
  includeCrossLocation: boolean;
  /** Today's local date at the opening's location: entries past their date range are expired. */
  today: string;
}

export type DurationFit = 'exact' | 'shorter' | 'unknown';
export type Quality = 'excellent' | 'good' | 'fair';

/** The readable breakdown: the standing parts plus how well the opening fits, and the total. */
export interface ScoreDetails extends Omit<StandingScore, 'total'> {
  preferred_days: ScorePart;
  preferred_time: ScorePart;
  duration: ScorePart;
  provider: ScorePart;
  location: ScorePart;
  total: number;
}

export interface Match {
  entryId: string;
  score: number;
  quality: Quality;
  provider_match: boolean;
  location_match: boolean;
  duration_fit: DurationFit;
  score_details: ScoreDetails;
}

/** Points of each fit factor: a fit, no preference stated (neutral), a miss. */
export const FIT_POINTS = { fit: 10, neutral: 5, miss: 0 } as const;
/** Quality from the fit points (days, time, duration, provider, location; at most 50). */
export const QUALITY_THRESHOLDS = { excellent: 45, good: 30 } as const;

/**
 * Why an entry cannot be offered the opening, or null when it can: not active (or expired by its date
 * range), the opening outside its date range, a location it does not accept, another appointment type,
 * or a visit longer than the opening. (A patient already booked over the opening is excluded by the caller.)
 */
export function exclusion(c: Candidate, o: Opening): string | null {
  const status = effectiveStatus(c.status, c.dateRangeEnd, o.today);
  if (!ACTIVE_STATUSES.includes(status)) return `status ${status}`;
  if (c.dateRangeStart !== null && o.date < c.dateRangeStart) return 'before the entry\'s date range';
  if (c.dateRangeEnd !== null && o.date > c.dateRangeEnd) return 'after the entry\'s date range';
  if (c.locationId !== o.locationId) {
    if (!o.includeCrossLocation) return 'another location';
    if (c.locationScope === 'home_only') return 'home location only';
    if (c.locationScope === 'selected' && !c.additionalLocationIds.includes(o.locationId)) return 'location not selected';
  }
  if (o.appointmentTypeId !== null && c.appointmentTypeId !== null && c.appointmentTypeId !== o.appointmentTypeId) return 'another appointment type';
  if (c.durationMins !== null && c.durationMins > o.lengthMins) return 'longer than the opening';
  return null;
}

function dayPart(c: Candidate, o: Opening): ScorePart {
  const own = c.preferredDays?.length ? c.preferredDays : null;
  const days = own ?? (c.patientPreference?.preferredDays?.length ? c.patientPreference.preferredDays : null);
  const whose = own ? 'the entry\'s' : 'the patient\'s';
  if (!days) return { points: FIT_POINTS.neutral, max: FIT_POINTS.fit, reason: 'no preferred days' };
  return days.includes(dayOfWeek(o.date))
    ? { points: FIT_POINTS.fit, max: FIT_POINTS.fit, reason: `on one of ${whose} preferred days` }
    : { points: FIT_POINTS.miss, max: FIT_POINTS.fit, reason: `not on ${whose} preferred days` };
}

function timePart(c: Candidate, o: Opening): ScorePart {
  const ownSet = c.timeStart !== null || c.timeEnd !== null;
  const p = c.patientPreference;
  const w = ownSet ? c : p && (p.timeStart !== null || p.timeEnd !== null) ? p : null;
  if (!w) return { points: FIT_POINTS.neutral, max: FIT_POINTS.fit, reason: 'no preferred time' };
  const whose = ownSet ? 'the entry\'s' : 'the patient\'s';
  const fits = (w.timeStart === null || wallSeconds(o.startTime) >= wallSeconds(w.timeStart))
    && (w.timeEnd === null || wallSeconds(o.endTime) <= wallSeconds(w.timeEnd));
  const window = `${w.timeStart ?? '…'}–${w.timeEnd ?? '…'}`;
  return fits
    ? { points: FIT_POINTS.fit, max: FIT_POINTS.fit, reason: `within ${whose} preferred time ${window}` }
    : { points: FIT_POINTS.miss, max: FIT_POINTS.fit, reason: `outside ${whose} preferred time ${window}` };
}

function durationPart(c: Candidate, o: Opening): { part: ScorePart; fit: DurationFit } {
  if (c.durationMins === null) {
    return { fit: 'unknown', part: { points: FIT_POINTS.neutral, max: FIT_POINTS.fit, reason: 'length unknown, assumed to fit' } };
  }
  const points = Math.round((FIT_POINTS.fit * c.durationMins) / o.lengthMins);
  const fit = c.durationMins === o.lengthMins ? 'exact' : 'shorter';
  return { fit, part: { points, max: FIT_POINTS.fit, reason: `needs ${c.durationMins} of the opening's ${o.lengthMins} minutes` } };
}

function providerPart(c: Candidate, o: Opening): ScorePart {
  if (c.providerId === null) return { points: FIT_POINTS.neutral, max: FIT_POINTS.fit, reason: 'no preferred provider' };
  if (o.providerId === null) return { points: FIT_POINTS.neutral, max: FIT_POINTS.fit, reason: 'the opening names no provider' };
  return c.providerId === o.providerId
    ? { points: FIT_POINTS.fit, max: FIT_POINTS.fit, reason: 'the preferred provider' }
    : { points: FIT_POINTS.miss, max: FIT_POINTS.fit, reason: 'another provider than preferred' };
}

/**
 * Scores one entry for the opening, or null when it is excluded (see `exclusion`). Score = urgency
 * (40/25/10/0) + priority (20 − 5 × rank, at least 5; 0 without) + days waiting (1 per 2 days, at most 30)
 * + fit: preferred days, preferred time, provider and location (10 fit, 5 no preference, 0 miss; location
 * 10 home, 0 elsewhere) and duration (round(10 × needed / opening minutes), 5 when unknown).
 */
export function scoreEntry(c: Candidate, o: Opening): Match | null {
  if (exclusion(c, o) !== null) return null;
  const standing = standingScore(c);
  const duration = durationPart(c, o);
  const home = c.locationId === o.locationId;
  const fit = {
    preferred_days: dayPart(c, o), preferred_time: timePart(c, o), duration: duration.part, provider: providerPart(c, o),
    location: home
      ? { points: FIT_POINTS.fit, max: FIT_POINTS.fit, reason: 'the entry\'s home location' }
      : { points: FIT_POINTS.miss, max: FIT_POINTS.fit, reason: `another location (scope ${c.locationScope})` },
  };
  const fitPoints = Object.values(fit).reduce((sum, p) => sum + p.points, 0);
  const total = standing.total + fitPoints;
  return {
    entryId: c.id, score: total,
    quality: fitPoints >= QUALITY_THRESHOLDS.excellent ? 'excellent' : fitPoints >= QUALITY_THRESHOLDS.good ? 'good' : 'fair',
    provider_match: fit.provider.points !== FIT_POINTS.miss, location_match: home, duration_fit: duration.fit,
    score_details: { urgency: standing.urgency, priority: standing.priority, days_waiting: standing.days_waiting, ...fit, total },
  };
}

/**
 * The entries that can take the opening, best first: score descending, then urgency, then days waiting
 * (longest first), then entry id, so equal inputs always rank the same way.
 */
export function rankMatches(candidates: readonly Candidate[], o: Opening): Match[] {
  const scored: { m: Match; c: Candidate }[] = [];
  for (const c of candidates) {
    const m = scoreEntry(c, o);
    if (m) scored.push({ m, c });
  }
  scored.sort((a, b) => b.m.score - a.m.score
    || URGENCY_POINTS[b.c.urgency] - URGENCY_POINTS[a.c.urgency]
    || b.c.daysWaiting - a.c.daysWaiting
    || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0));
  return scored.map((s) => s.m);
}
