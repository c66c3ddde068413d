import { notFound } from '../../core/errors.ts';
import { dayHours } from '../../core/time.ts';
import { runAll, type Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { byProviderName, getLocation, getProvider, providerName, type LocationRow, type ProviderNames } from '../../practice/index.ts';
import { resolveProviderDay, resolveProviderDays, type ProviderDay } from '../domain/schedule.ts';
import { listOverridesBetween, listOverridesOnDate, toOverrideRule, type ScheduleOverrideRow } from '../db/schedule-overrides.ts';
import { listTemplatesInForce, listTemplatesInForceBetween, toTemplateRule, type ScheduleTemplateRow } from '../db/schedule-templates.ts';
import { toTimeRangesJson, type DailyProviders, type ProviderAvailability } from '../schemas/schedule-availability.ts';

/** Template and override rows of a location, each joined with its provider's and operatory's names. */
export interface RuleRows {
  templates: ScheduleTemplateRow[];
  overrides: ScheduleOverrideRow[];
}

function operatoryNames(rows: RuleRows): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of [...rows.templates, ...rows.overrides]) if (r.operatory_id && r.operatory_name !== null) names.set(r.operatory_id, r.operatory_name);
  return names;
}

function providerNamesOf(rows: RuleRows): Map<string, ProviderNames> {
  const names = new Map<string, ProviderNames>();
  for (const r of [...rows.templates, ...rows.overrides]) names.set(r.provider_id, { first_name: r.provider_first_name, last_name: r.provider_last_name });
  return names;
}

/**
 * Every provider's resolved schedule on each of `dates` at a location in `zone`, by local date, each date's
 * providers by name (last, first, id): the `providers` of GET /schedule/daily-providers and the
 * `provider_schedules` of the calendar views. Providers without a template or override that day are left out.
 */
export function providerSchedulesByDate(rows: RuleRows, dates: string[], zone: string): Map<string, DailyProviders['providers']> {
  const names = providerNamesOf(rows);
  const ops = operatoryNames(rows);
  const byDate = new Map<string, DailyProviders['providers']>(dates.map((d) => [d, []]));
  const days = resolveProviderDays(rows.templates.map(toTemplateRule), rows.overrides.map(toOverrideRule), dates, zone);
  for (const day of days.sort(byProviderName(names))) {
    byDate.get(day.date)?.push({
      provider: { id: day.providerId, name: providerName(names.get(day.providerId)!) },
      is_override: day.isOverride, time_ranges: toTimeRangesJson(day, zone, ops),
    });
  }
  return byDate;
}

/** The location (404 when not visible) and the rules in force there on `date`: three queries whatever the provider count. */
async function loadDay(db: Db, orgId: string, scope: LocationScope, locationId: string, date: string, providerId?: string): Promise<RuleRows & { location: LocationRow }> {
  const location = await getLocation(db, orgId, locationId, scope);
  if (!location) throw notFound('Location', ['query', 'location_uuid']);
  const [templates, overrides] = await Promise.all([
    listTemplatesInForce(db, orgId, locationId, date, providerId),
    listOverridesOnDate(db, orgId, locationId, date, providerId),
  ]);
  return { location, templates, overrides };
}

/** One provider's resolved working ranges at a location on a local date (404 location, then provider). */
export async function getProviderAvailability(
  db: Db, orgId: string, scope: LocationScope, providerId: string, locationId: string, date: string,
): Promise<ProviderAvailability> {
  const rows = await loadDay(db, orgId, scope, locationId, date, providerId);
  const provider = await getProvider(db, orgId, providerId);
  if (!provider) throw notFound('Provider', ['query', 'provider_uuid']);
  const zone = rows.location.timezone;
  const day = resolveProviderDay(rows.templates.map(toTemplateRule), rows.overrides.map(toOverrideRule), provider.id, date, zone);
  return {
    date, provider: { id: provider.id, name: providerName(provider) }, location: { id: rows.location.id, name: rows.location.name },
    location_timezone: zone, day_hours: dayHours(date, zone), is_override: day.isOverride,
    time_ranges: toTimeRangesJson(day, zone, operatoryNames(rows)),
  };
}

/** Every provider's resolved schedule at a location on a local date, by name (404 location). */
export async function getDailyProviders(db: Db, orgId: string, scope: LocationScope, locationId: string, date: string): Promise<DailyProviders> {
  const rows = await loadDay(db, orgId, scope, locationId, date);
  const zone = rows.location.timezone;
  return {
    date, location: { id: rows.location.id, name: rows.location.name }, location_timezone: zone, day_hours: dayHours(date, zone),
    providers: providerSchedulesByDate(rows, [date], zone).get(date)!,
  };
}

/**
 * Every provider's resolved working days at a location over consecutive local `dates` in `zone`, with the
 * providers' names: two queries (templates and overrides in force) whatever the range.
 */
export async function loadProviderDays(
  db: Db, orgId: string, locationId: string, dates: string[], zone: string,
): Promise<{ days: ProviderDay[]; names: Map<string, ProviderNames> }> {
  const from = dates[0]!;
  const to = dates[dates.length - 1]!;
  const [templates, overrides] = await runAll(db,
    () => listTemplatesInForceBetween(db, orgId, locationId, from, to),
    () => listOverridesBetween(db, orgId, locationId, from, to));
  const rows = { templates, overrides };
  return { days: resolveProviderDays(templates.map(toTemplateRule), overrides.map(toOverrideRule), dates, zone), names: providerNamesOf(rows) };
}
