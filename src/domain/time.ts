import { Temporal } from 'temporal-polyfill';

/**
 * Returns the IANA zone id as Temporal knows it (e.g. `America/New_York`), or null when `zone` is
 * not a known IANA zone. Bare offsets such as `+02:00`, which Temporal accepts, are refused: a practice
 * location lives in a named zone with real DST rules.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9]*(?:[/_+-][A-Za-z0-9_+-]+)*$/.test(zone)) return null;
  try {
    return Temporal.ZonedDateTime.from({ timeZone: zone, year: 2000, month: 1, day: 1 }).timeZoneId;
  } catch {
    return null;
  }
}
