import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import { getLocation, requirePatient } from '../../practice/index.ts';
import { getPatientRecall, listDueRecalls, listPatientRecalls } from '../db/patient-recalls.ts';
import { changePatientRecall, createPatientRecall } from '../commands/patient-recalls.ts';
import { requireRecallType } from '../commands/recall-checks.ts';
import { recallToday } from '../queries/recall-today.ts';
import {
  CreatePatientRecallBody, DueRecallQuery, PatientRecallPage, PatientRecallParams, PatientRecallQuery, PatientRecallSchema,
  UpdatePatientRecallBody, toNewPatientRecall, toPatientRecallJson, toRecallChange,
} from '../schemas/patient-recalls.ts';

const tags = ['Recalls'];
const PatientRecall = Type.Ref(PatientRecallSchema);

/** How a recall's status is derived and kept true, stated once in each description. */
export const RECALLS = 'A patient has at most one recall per recall type. `status` is derived when read, never stored: `completed` '
  + 'when the type is inactive; `scheduled` when the patient has a scheduled appointment for it on or after today (one linked to '
  + 'the recall, or of the type\'s appointment type — booking one sets the appointment\'s `recall`); `overdue` when `date_due` is '
  + 'before today; else `due`. So cancelling, breaking, pinboarding or deleting that appointment turns the recall back to due or '
  + 'overdue at once. "Today" is the local date at the recall\'s location: the location of the patient\'s latest scheduled or '
  + 'completed appointment (the one they are booked for, else their last visit), or the organisation\'s first location when they '
  + 'have none. `interval` is the patient\'s own when set, else the type\'s default. Recalls belong to the patient: every user of '
  + 'the organisation, location-limited or not, sees them.';

/** Patient recalls: list, due list, read, create, change. */
export function patientRecallsRoutes(app: Api, { db, clock }: Deps): void {
  app.get('/recalls/patient-recalls', {
    schema: {
      tags, summary: 'List patient recalls',
      description: `${RECALLS} Ordered by \`date_due\` (recalls without one last), then id. Filters combine; an unknown \`patient_uuid\` `
        + 'or `recall_type_uuid` → 404 at the query parameter.',
      querystring: PatientRecallQuery, response: responses({ 200: PatientRecallPage }, [404]),
    },
  }, async (req) => {
    const { page, page_size, patient_uuid, recall_type_uuid, status, due_from, due_to } = req.query;
    const orgId = req.auth.orgId;
    if (patient_uuid) await requirePatient(db, orgId, patient_uuid, ['query', 'patient_uuid']);
    if (recall_type_uuid) await requireRecallType(db, orgId, recall_type_uuid, ['query', 'recall_type_uuid']);
    const today = await recallToday(db, orgId, clock());
    const { rows, total } = await listPatientRecalls(db, orgId, today,
      { patientId: patient_uuid, recallTypeId: recall_type_uuid, status, dueFrom: due_from, dueTo: due_to }, { page, pageSize: page_size });
    return { items: rows.map(toPatientRecallJson), page, page_size, total };
  });

  app.get('/recalls/patient-recalls/due', {
    schema: {
      tags, summary: 'List due patient recalls',
      description: `${RECALLS} The recalls to call patients about: \`due\` or \`overdue\` (not scheduled, not completed), not disabled, `
        + 'with `date_due` on or before `due_on` (default: today at each recall\'s location); most overdue first (`date_due` '
        + 'ascending, then id), with `patient_phone`. Our additions: `location_uuid` keeps recalls at that location (as defined '
        + 'above; unknown or outside a location-limited caller\'s locations → 404) and `recall_type_uuid` one type (unknown → 404).',
      querystring: DueRecallQuery, response: responses({ 200: PatientRecallPage }, [404]),
    },
  }, async (req) => {
    const { page, page_size, due_on, location_uuid, recall_type_uuid } = req.query;
    const orgId = req.auth.orgId;
    if (location_uuid && !(await getLocation(db, orgId, location_uuid, req.auth.locationIds))) {
      throw notFound('Location', ['query', 'location_uuid']);
    }
    if (recall_type_uuid) await requireRecallType(db, orgId, recall_type_uuid, ['query', 'recall_type_uuid']);
    const today = await recallToday(db, orgId, clock());
    const { rows, total } = await listDueRecalls(db, orgId, today,
      { dueOn: due_on, locationId: location_uuid, recallTypeId: recall_type_uuid }, { page, pageSize: page_size });
    return { items: rows.map(toPatientRecallJson), page, page_size, total };
  });

  app.get('/recalls/patient-recalls/:recall_uuid', {
    schema: {
      tags, summary: 'Get patient recall', description: `${RECALLS} Unknown or another organisation's → 404.`,
      params: PatientRecallParams, response: responses({ 200: PatientRecall }, [404]),
    },
  }, async (req) => {
    const orgId = req.auth.orgId;
    const row = await getPatientRecall(db, orgId, await recallToday(db, orgId, clock()), req.params.recall_uuid);
    if (!row) throw notFound('Patient recall', ['path', 'recall_uuid']);
    return toPatientRecallJson(row);
  });

  app.post('/recalls/patient-recalls', {
    schema: {
      tags, summary: 'Create patient recall',
      description: `${RECALLS} Creates a recall (version 1). Defaults: \`date_due\` today (at the organisation's first location), the `
        + 'type\'s interval, `note` "", not disabled. Checked in this order: an interval with no positive unit → 422; unknown '
        + 'patient or recall type → 404 at the body field; the patient already has a recall of the type → 409 `already_exists` at '
        + '`["body", "recall_type_uuid"]` with `ctx.id` naming it. Completing an appointment with a trigger\'s procedure creates '
        + 'the recall by itself.',
      body: CreatePatientRecallBody, response: responses({ 201: PatientRecall }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const row = await createPatientRecall(db, req.auth.orgId, clock(), toNewPatientRecall(req.body));
    return reply.code(201).send(toPatientRecallJson(row));
  });

  app.patch('/recalls/patient-recalls/:recall_uuid', {
    schema: {
      tags, summary: 'Update patient recall',
      description: `${RECALLS} Changes only the fields given (null clears \`date_due\` or the patient's own \`interval\`), version + 1. `
        + 'Unknown recall → 404; `base_version` omitted → 422 `missing`, stale → 409 `version_conflict` naming the current version; '
        + 'an interval with no positive unit → 422. `status` and `date_scheduled` are derived: they may be sent back only with the '
        + 'value the recall has after the change; another value → 422 value_error and nothing is written.',
      params: PatientRecallParams, body: UpdatePatientRecallBody, response: responses({ 200: PatientRecall }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...rest } = req.body;
    const row = await changePatientRecall(db, req.auth.orgId, clock(), req.params.recall_uuid, base_version, toRecallChange(rest));
    return toPatientRecallJson(row);
  });
}
