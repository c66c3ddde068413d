import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Instant, PageOf, PageQuery, Ref, Uuid, Nullable } from '../../core/http/schemas.ts';
import type { PatientReadRow } from '../db/patient-reads.ts';

export const PatientReadSchema = Type.Object({
  id: Uuid,
  read_at: { ...Instant, description: 'When the answer was recorded, just before it was sent (the database\'s clock).' },
  user: Type.Ref(Ref, { description: 'Who read: the token\'s user.' }),
  token_uuid: { ...Uuid, description: 'The token the request bore.' },
  method: Type.String({ examples: ['GET'] }),
  route: Type.String({ description: 'The route read, as in the API reference.', examples: ['/api/v1/{org_id}/patients/{patient_uuid}'] }),
  record_kind: Type.String({
    description: 'What was read: patient, appointment, calendar_day, calendar_week, patient_recall, asap_entry, patient_preference, hold (one kept for a patient) or calendar_feed (a feed fetched with patient names).',
  }),
  record_uuid: Nullable({ ...Uuid, description: 'The record the path named (e.g. the appointment), or null for a list or search.' }),
  patient_uuids: Type.Array(Uuid, { description: 'Every patient the answer named.' }),
  request_id: Type.String({ description: 'The request\'s x-request-id, to find it in the logs.' }),
}, { $id: 'PatientRead' });
export type PatientRead = Static<typeof PatientReadSchema>;

export const PatientReadQuery = Type.Object({
  ...PageQuery,
  patient_uuid: Type.Optional(Type.String({
    format: 'uuid', description: 'Only reads whose answer named this patient. A patient deleted since (or never known) → an empty list, never 404: the log outlives the records.',
  })),
  user_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only reads by this user (an empty list when there are none).' })),
});

export const PatientReadPage = PageOf(Type.Ref(PatientReadSchema));

/** API shape of a recorded read. */
export function toPatientReadJson(r: PatientReadRow): PatientRead {
  return {
    id: r.id, read_at: r.read_at, user: { id: r.user_id, name: r.user_name }, token_uuid: r.token_id, method: r.method,
    route: r.route, record_kind: r.record_kind, record_uuid: r.record_id, patient_uuids: r.patient_ids, request_id: r.request_id,
  };
}

/** Record schemas of the audit referenced by `$ref`; registered once in app.ts. */
export const patientReadsSchemas: TSchema[] = [PatientReadSchema];
