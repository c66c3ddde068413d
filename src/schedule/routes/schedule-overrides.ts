import { Type } from '@sinclair/typebox';
import { invalid, notFound } from '../../core/errors.ts';
import { getLocation, getProvider } from '../../practice/index.ts';
import { getOverride, listOverrides } from '../db/schedule-overrides.ts';
import { createOverride, removeOverride, updateOverride, type OverrideChanges } from '../commands/schedule-overrides.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  CreateOverrideBody, OverridePage, OverrideParams, OverrideQuery, ScheduleOverrideSchema, UpdateOverrideBody, toScheduleOverrideJson,
} from '../schemas/schedule-overrides.ts';

const tags = ['Schedule overrides'];
const Override = Type.Ref(ScheduleOverrideSchema);

const RULES = 'Any override of a provider at a location on a date replaces that date\'s weekly templates entirely; several '
  + 'overrides on one date give several ranges (split shifts). `is_unavailable: true` means no time at all: `start_time` and '
  + '`end_time` must then be left out or null (422), and the override cannot coexist with any other override of the provider, '
  + 'location and date. Otherwise both times are required (422 `missing`), `end_time` after `start_time` (422), and they are '
  + 'local wall-clock times on `override_date`: a time inside a spring-forward gap → 422 `dst_gap`; an ambiguous fall-back '
  + 'time means the earlier instant. Overrides of one provider at one location on one date may not overlap (half-open) → 409 '
  + '`overlap`, whose message names the other override. `override_reason` is one of vacation, sick, training, holiday, personal, '
  + 'extra_hours, schedule_change, other (default other; others → 422). `operatory_uuid` must be a chair of the location (422; '
  + 'unknown → 404); `note` null is stored as "". Beyond the contract, the response carries `version` and `start_at`/`end_at`: '
  + 'the range as instants with the location\'s offset (null when unavailable).';

/** Date-specific provider schedule overrides, visible only to callers who may see their location. */
export function scheduleOverridesRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/overrides', {
    schema: {
      tags, summary: 'List provider schedule overrides',
      description: 'Overrides at the locations visible to the caller, ordered by `override_date`, start (unavailable ones first), '
        + 'provider last name and id. Filters: `provider_uuid`, `location_uuid` (404 when the provider does not exist, or the '
        + 'location does not exist or lies outside a location-limited caller\'s locations), `date_from`/`date_to` (inclusive; '
        + '`date_to` before `date_from` → 422).',
      querystring: OverrideQuery, response: responses({ 200: OverridePage }, [404]),
    },
  }, async (req) => {
    const { page, page_size, provider_uuid, location_uuid, date_from, date_to } = req.query;
    const { orgId, locationIds } = req.auth;
    if (date_from && date_to && date_to < date_from) throw invalid(['query', 'date_to'], 'date_to must not be before date_from');
    if (provider_uuid && !(await getProvider(db, orgId, provider_uuid))) throw notFound('Provider', ['query', 'provider_uuid']);
    if (location_uuid && !(await getLocation(db, orgId, location_uuid, locationIds))) throw notFound('Location', ['query', 'location_uuid']);
    const { rows, total } = await listOverrides(db, orgId, locationIds,
      { providerId: provider_uuid, locationId: location_uuid, dateFrom: date_from, dateTo: date_to }, { page, pageSize: page_size });
    return { items: rows.map(toScheduleOverrideJson), page, page_size, total };
  });

  app.get('/schedule/overrides/:override_uuid', {
    schema: {
      tags, summary: 'Get provider schedule override', description: 'An override at a location the caller may not see is 404.',
      params: OverrideParams, response: responses({ 200: Override }, [404]),
    },
  }, async (req) => {
    const row = await getOverride(db, req.auth.orgId, req.params.override_uuid, req.auth.locationIds);
    if (!row) throw notFound('Schedule override', ['path', 'override_uuid']);
    return toScheduleOverrideJson(row);
  });

  app.post('/schedule/overrides', {
    schema: {
      tags, summary: 'Create provider schedule override',
      description: `${RULES} Unknown provider, location or operatory (or a location outside a location-limited caller's `
        + 'locations) → 404 at the body field.',
      body: CreateOverrideBody, response: responses({ 201: Override }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createOverride(db, req.auth.orgId, req.auth.locationIds, {
      provider_id: b.provider_uuid, location_id: b.location_uuid, operatory_id: b.operatory_uuid ?? null,
      override_date: b.override_date, is_unavailable: b.is_unavailable ?? false, start_time: b.start_time, end_time: b.end_time,
      override_reason: b.override_reason ?? 'other', note: b.note ?? '',
    });
    return reply.code(201).send(toScheduleOverrideJson(row));
  });

  app.patch('/schedule/overrides/:override_uuid', {
    schema: {
      tags, summary: 'Update provider schedule override',
      description: 'Fields left out keep their value; `operatory_uuid` accepts null to clear. The provider, location and date '
        + 'cannot change. Our addition: an optional `base_version` (the contract gives overrides no version); when given and '
        + 'stale → 409 `version_conflict`. When the result is unavailable, stored times are dropped (times given → 422); when '
        + `it becomes available again, both times must be given. The merged override is validated like a new one. ${RULES}`,
      params: OverrideParams, body: UpdateOverrideBody, response: responses({ 200: Override }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, operatory_uuid, note, ...rest } = req.body;
    const changes: OverrideChanges = { ...rest, operatory_id: operatory_uuid, note: note === null ? '' : note };
    const row = await updateOverride(db, req.auth.orgId, req.auth.locationIds, req.params.override_uuid, base_version, changes);
    return toScheduleOverrideJson(row);
  });

  app.delete('/schedule/overrides/:override_uuid', {
    schema: {
      tags, summary: 'Delete provider schedule override',
      description: 'Deletes the override for good: the date falls back to the weekly templates (unless other overrides remain). '
        + 'An override at a location the caller may not see is 404.',
      params: OverrideParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeOverride(db, req.auth.orgId, req.auth.locationIds, req.params.override_uuid);
    return reply.code(204).send();
  });
}
