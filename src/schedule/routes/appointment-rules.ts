import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { getAppointmentRule, listAppointmentRules } from '../db/appointment-rules.ts';
import { createAppointmentRule, removeAppointmentRule, updateAppointmentRule } from '../commands/appointment-rules.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  AppointmentRulePage, AppointmentRuleParams, AppointmentRuleQuery, AppointmentRuleSchema,
  CreateAppointmentRuleBody, UpdateAppointmentRuleBody, toAppointmentRuleJson,
} from '../schemas/appointment-rules.ts';

const tags = ['Appointment rules'];
const AppointmentRule = Type.Ref(AppointmentRuleSchema);

const SCOPE = 'A rule of a location the caller may not see is 404 (a location-limited user sees the rules of their locations and '
  + 'the org-wide ones).';
const WRITE_SCOPE = `${SCOPE} Changing or deleting an org-wide rule needs a caller not limited to locations (403).`;

/** Appointment rules: whether appointments of two types may overlap, org-wide or at one location. */
export function appointmentRulesRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/appointment-rules', {
    schema: {
      tags, summary: 'List appointment rules',
      description: 'With `location_uuid`: the rules of that location (a location the caller may not see yields no items); without: '
        + 'the org-wide rules only. `appointment_type_uuid` matches rules with that type on either side of the pair. Ordered by the '
        + 'name of type A, then type B (case-insensitive), then id.',
      querystring: AppointmentRuleQuery, response: responses({ 200: AppointmentRulePage }),
    },
  }, async (req) => {
    const { page, page_size, location_uuid, appointment_type_uuid } = req.query;
    const { rows, total } = await listAppointmentRules(db, req.auth.orgId, req.auth.locationIds,
      { locationId: location_uuid, typeId: appointment_type_uuid }, { page, pageSize: page_size });
    return { items: rows.map(toAppointmentRuleJson), page, page_size, total };
  });

  app.get('/schedule/appointment-rules/:rule_uuid', {
    schema: {
      tags, summary: 'Get appointment rule', description: SCOPE,
      params: AppointmentRuleParams, response: responses({ 200: AppointmentRule }, [404]),
    },
  }, async (req) => {
    const row = await getAppointmentRule(db, req.auth.orgId, req.params.rule_uuid, req.auth.locationIds);
    if (!row) throw notFound('Appointment rule', ['path', 'rule_uuid']);
    return toAppointmentRuleJson(row);
  });

  app.post('/schedule/appointment-rules', {
    schema: {
      tags, summary: 'Create appointment rule',
      description: 'Creates a rule (version 1) for a pair of appointment types, at `location_uuid` or, when it is absent or null, '
        + 'org-wide. The pair is unordered: (A, B) and (B, A) at the same location (or both org-wide) are the same rule, so a second '
        + 'one → 409 `already_exists` at `["body"]`, its message naming the existing rule. A type paired with itself is allowed '
        + '(e.g. whether two recalls may overlap). An unknown type → 404 at `["body", "appointment_type_uuid_a"]` or `_b` (archived '
        + 'types are accepted); an unknown location, or one outside a location-limited caller\'s locations → 404 at '
        + '`["body", "location_uuid"]`. Creating an org-wide rule needs a caller not limited to locations (403).',
      body: CreateAppointmentRuleBody, response: responses({ 201: AppointmentRule }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createAppointmentRule(db, req.auth.orgId, req.auth.locationIds, {
      appointment_type_a_id: b.appointment_type_uuid_a, appointment_type_b_id: b.appointment_type_uuid_b,
      location_id: b.location_uuid ?? null, allow_overlap: b.allow_overlap,
    });
    return reply.code(201).send(toAppointmentRuleJson(row));
  });

  app.patch('/schedule/appointment-rules/:rule_uuid', {
    schema: {
      tags, summary: 'Update appointment rule',
      description: 'Sets `allow_overlap`; the pair and the location are immutable (other fields → 422 `extra_forbidden`). '
        + `\`base_version\` must be current (409 \`version_conflict\` otherwise). ${WRITE_SCOPE}`,
      params: AppointmentRuleParams, body: UpdateAppointmentRuleBody, response: responses({ 200: AppointmentRule }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, allow_overlap } = req.body;
    const row = await updateAppointmentRule(db, req.auth.orgId, req.auth.locationIds, req.params.rule_uuid, base_version, { allow_overlap });
    return toAppointmentRuleJson(row);
  });

  app.delete('/schedule/appointment-rules/:rule_uuid', {
    schema: {
      tags, summary: 'Delete appointment rule',
      description: `Hard delete: the rule is removed for good (204), and the pair may get a new rule. ${WRITE_SCOPE}`,
      params: AppointmentRuleParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeAppointmentRule(db, req.auth.orgId, req.auth.locationIds, req.params.rule_uuid);
    return reply.code(204).send();
  });
}
