import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { getAppointmentType, listAppointmentTypes } from '../db/appointment-types.ts';
import { archiveAppointmentType, createAppointmentType, updateAppointmentType } from '../commands/appointment-types.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import {
  AppointmentTypePage, AppointmentTypeParams, AppointmentTypeQuery, AppointmentTypeSchema,
  CreateAppointmentTypeBody, UpdateAppointmentTypeBody, toAppointmentTypeJson,
} from '../schemas/appointment-types.ts';

const tags = ['Appointment Types'];
const AppointmentType = Type.Ref(AppointmentTypeSchema);

const ORG_WIDE = 'Appointment types are organisation-wide: every user reads all of them, location-limited users included; viewers may not write (403).';
const TIMING = 'Timing: `time_pattern` has one character per 5 minutes (`X` provider, `/` assistant-only). When both `time_pattern` and ' +
  '`duration_minutes` are given they must agree (length × 5 = minutes), else 422 `time_pattern_mismatch`; a pattern alone sets the ' +
  'duration; a duration alone leaves `time_pattern` null and `effective_time_pattern` is all `X`; neither gives 30 minutes.';
const LINKS = 'Procedure codes: an unknown code → 422 `unknown_procedure_code` at `["body", field, index]`, a repeated code → 422. ' +
  'Locations: an id not in the organisation (or outside a location-limited caller\'s locations) → 404 at `["body", "location_uuids", index]`.';

/** Appointment types: named visit kinds with a duration, a provider/assistant time pattern, locations and procedure codes. */
export function appointmentTypesRoutes(app: Api, { db }: Deps): void {
  app.get('/appointment-types', {
    schema: {
      tags, summary: 'List appointment types',
      description: `${ORG_WIDE} \`status\` selects active (default), archived or all types; \`search\` matches a case-insensitive ` +
        'substring of the name or abbreviation. Ordered by `item_order`, then name (case-insensitive), then id.',
      querystring: AppointmentTypeQuery, response: responses({ 200: AppointmentTypePage }),
    },
  }, async (req) => {
    const { page, page_size, status, search } = req.query;
    const { rows, total } = await listAppointmentTypes(db, req.auth.orgId, { status, search }, { page, pageSize: page_size });
    return { items: rows.map(toAppointmentTypeJson), page, page_size, total };
  });

  app.get('/appointment-types/:appointment_type_uuid', {
    schema: {
      tags, summary: 'Get appointment type', description: `${ORG_WIDE} Archived types stay readable.`,
      params: AppointmentTypeParams, response: responses({ 200: AppointmentType }, [404]),
    },
  }, async (req) => {
    const type = await getAppointmentType(db, req.auth.orgId, req.params.appointment_type_uuid);
    if (!type) throw notFound('Appointment type', ['path', 'appointment_type_uuid']);
    return toAppointmentTypeJson(type);
  });

  app.post('/appointment-types', {
    schema: {
      tags, summary: 'Create appointment type',
      description: `Creates an active type (version 1). ${TIMING} \`blockout_only\`, \`is_hidden\` and \`require_all\` default to false, ` +
        `\`item_order\` to 0; no \`location_uuids\` means every location. ${LINKS} ${ORG_WIDE}`,
      body: CreateAppointmentTypeBody, response: responses({ 201: AppointmentType }, [403, 404]),
    },
  }, async (req, reply) => {
    const type = await createAppointmentType(db, req.auth.orgId, req.auth.locationIds, req.body);
    return reply.code(201).send(toAppointmentTypeJson(type));
  });

  app.patch('/appointment-types/:appointment_type_uuid', {
    schema: {
      tags, summary: 'Update appointment type',
      description: 'Fields left out keep their value; `base_version` must be current (409 otherwise, checked before the fields). ' +
        `${TIMING} The merged result must agree too: changing only \`duration_minutes\` of a type with an explicit pattern → 422 ` +
        '`time_pattern_mismatch` (send `time_pattern` as well, or `time_pattern: null` to go back to a derived pattern). ' +
        'A given `location_uuids` or code list replaces the stored one (`[]` or null locations: every location). ' +
        `An archived type may be updated (e.g. to fix its name) and stays archived. ${LINKS} ${ORG_WIDE}`,
      params: AppointmentTypeParams, body: UpdateAppointmentTypeBody, response: responses({ 200: AppointmentType }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    const type = await updateAppointmentType(db, req.auth.orgId, req.auth.locationIds, req.params.appointment_type_uuid, base_version, changes);
    return toAppointmentTypeJson(type);
  });

  app.post('/appointment-types/:appointment_type_uuid/archive', {
    schema: {
      tags, summary: 'Archive appointment type',
      description: 'Sets `status` to `archived` and `deleted_at` to now and bumps `version`; the type stays readable and is listed ' +
        'with `status=archived` or `status=all`. Archiving an archived type returns it unchanged (200, idempotent). There is no ' +
        `un-archive. ${ORG_WIDE}`,
      params: AppointmentTypeParams, response: responses({ 200: AppointmentType }, [403, 404]),
    },
  }, async (req) => {
    return toAppointmentTypeJson(await archiveAppointmentType(db, req.auth.orgId, req.params.appointment_type_uuid));
  });
}
