import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { resolveProviderDay, resolveProviderDays } from '../domain/schedule.ts';
import { dayHours } from '../../core/time.ts';
import type { Db } from '../../core/db/client.ts';
import { getLocation, type LocationRow, type LocationScope } from '../../practice/db/locations.ts';
import { getProvider } from '../../practice/db/providers.ts';
import { listOverridesOnDate, toOverrideRule } from '../db/schedule-overrides.ts';
import { listTemplatesInForce, toTemplateRule } from '../db/schedule-templates.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import { providerName } from '../../practice/schemas/providers.ts';
import {
  DailyProvidersQuery, DailyProvidersSchema, ProviderAvailabilityQuery, ProviderAvailabilitySchema, toTimeRangesJson,
} from '../schemas/schedule-availability.ts';

const tags = ['Schedule availability'];

const RESOLUTION = 'Resolution: when the provider has any override at the location on the date, the overrides alone give the '
  + 'ranges (`is_override` true; an unavailable override gives no ranges); otherwise every weekly template of that weekday '
  + 'whose effective period contains the date gives one range (split shifts give several). Each range carries the wall-clock '
  + '`start_time`/`end_time` as scheduled and, our addition, the real instants `start_at`/`end_at` with the location\'s offset: '
  + 'a local day has 23, 24 or 25 hours (`day_hours`, our addition), so in America/New_York a template 00:00–06:00 is 5 real '
  + 'hours on 2026-03-08 and 7 on 2026-11-01. A template time inside a spring-forward gap resolves to the transition instant '
  + '(a range wholly inside the gap is dropped); an ambiguous time to the earlier instant. `operatory` is null when the rule '
  + 'names no chair. Unknown location, or one outside a location-limited caller\'s locations → 404; a malformed date → 422.';

interface DayRows {
  location: LocationRow;
  templates: Awaited<ReturnType<typeof listTemplatesInForce>>;
  overrides: Awaited<ReturnType<typeof listOverridesOnDate>>;
}

/** The location (404 when not visible) and the rules in force there on `date`: three queries whatever the provider count. */
async function loadDay(db: Db, orgId: string, scope: LocationScope, locationId: string, date: string, providerId?: string): Promise<DayRows> {
  const location = await getLocation(db, orgId, locationId, scope);
  if (!location) throw notFound('Location', ['query', 'location_uuid']);
  const [templates, overrides] = await Promise.all([
    listTemplatesInForce(db, orgId, locationId, date, providerId),
    listOverridesOnDate(db, orgId, locationId, date, providerId),
  ]);
  return { location, templates, overrides };
}

function operatoryNames(rows: DayRows): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of [...rows.templates, ...rows.overrides]) if (r.operatory_id && r.operatory_name !== null) names.set(r.operatory_id, r.operatory_name);
  return names;
}

/** Provider id → first and last name, from the joined rule rows. */
function providerNames(rows: DayRows): Map<string, { first_name: string; last_name: string }> {
  const names = new Map<string, { first_name: string; last_name: string }>();
  for (const r of [...rows.templates, ...rows.overrides]) names.set(r.provider_id, { first_name: r.provider_first_name, last_name: r.provider_last_name });
  return names;
}

function byName(a: { first_name: string; last_name: string }, b: { first_name: string; last_name: string }): number {
  return a.last_name.toLowerCase().localeCompare(b.last_name.toLowerCase()) || a.first_name.toLowerCase().localeCompare(b.first_name.toLowerCase());
}

/** Resolved provider schedules for a date: one provider, or every provider at a location. */
export function scheduleAvailabilityRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/provider-availability', {
    schema: {
      tags, summary: 'Get provider availability for a date',
      description: `One provider's working ranges at a location on a local date. Unknown provider → 404. ${RESOLUTION}`,
      querystring: ProviderAvailabilityQuery, response: responses({ 200: Type.Ref(ProviderAvailabilitySchema) }, [404]),
    },
  }, async (req) => {
    const { provider_uuid, location_uuid, date } = req.query;
    const { orgId, locationIds } = req.auth;
    const rows = await loadDay(db, orgId, locationIds, location_uuid, date, provider_uuid);
    const provider = await getProvider(db, orgId, provider_uuid);
    if (!provider) throw notFound('Provider', ['query', 'provider_uuid']);
    const zone = rows.location.timezone;
    const day = resolveProviderDay(rows.templates.map(toTemplateRule), rows.overrides.map(toOverrideRule), provider.id, date, zone);
    return {
      date, provider: { id: provider.id, name: providerName(provider) }, location: { id: rows.location.id, name: rows.location.name },
      location_timezone: zone, day_hours: dayHours(date, zone), is_override: day.isOverride,
      time_ranges: toTimeRangesJson(day, zone, operatoryNames(rows)),
    };
  });

  app.get('/schedule/daily-providers', {
    schema: {
      tags, summary: 'Get all provider schedules for a date',
      description: 'Every provider with a weekly template in force or an override at the location on the date, ordered by last '
        + `name, first name and id; providers with neither are left out. Loads in a fixed number of queries. ${RESOLUTION}`,
      querystring: DailyProvidersQuery, response: responses({ 200: Type.Ref(DailyProvidersSchema) }, [404]),
    },
  }, async (req) => {
    const { location_uuid, date } = req.query;
    const rows = await loadDay(db, req.auth.orgId, req.auth.locationIds, location_uuid, date);
    const zone = rows.location.timezone;
    const names = providerNames(rows);
    const ops = operatoryNames(rows);
    const days = resolveProviderDays(rows.templates.map(toTemplateRule), rows.overrides.map(toOverrideRule), [date], zone)
      .sort((a, b) => byName(names.get(a.providerId)!, names.get(b.providerId)!) || (a.providerId < b.providerId ? -1 : 1));
    return {
      date, location: { id: rows.location.id, name: rows.location.name }, location_timezone: zone, day_hours: dayHours(date, zone),
      providers: days.map((day) => ({
        provider: { id: day.providerId, name: providerName(names.get(day.providerId)!) },
        is_override: day.isOverride, time_ranges: toTimeRangesJson(day, zone, ops),
      })),
    };
  });
}
