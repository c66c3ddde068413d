import { Type } from '@sinclair/typebox';
import { getDailyProviders, getProviderAvailability } from '../queries/provider-schedules.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import {
  DailyProvidersQuery, DailyProvidersSchema, ProviderAvailabilityQuery, ProviderAvailabilitySchema,
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
    return getProviderAvailability(db, req.auth.orgId, req.auth.locationIds, provider_uuid, location_uuid, date);
  });

  app.get('/schedule/daily-providers', {
    schema: {
      tags, summary: 'Get all provider schedules for a date',
      description: 'Every provider with a weekly template in force or an override at the location on the date, ordered by last '
        + `name, first name and id; providers with neither are left out. Loads in a fixed number of queries. ${RESOLUTION}`,
      querystring: DailyProvidersQuery, response: responses({ 200: Type.Ref(DailyProvidersSchema) }, [404]),
    },
  }, async (req) => getDailyProviders(db, req.auth.orgId, req.auth.locationIds, req.query.location_uuid, req.query.date));
}
