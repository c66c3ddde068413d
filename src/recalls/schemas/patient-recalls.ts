import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { PatientRecallRow } from '../db/patient-recalls.ts';
import type { NewPatientRecall, RecallChange } from '../commands/patient-recalls.ts';
import { recallStatus } from '../domain/recall-status.ts';
import { BaseVersion, Body, DateStr, Nullable, NullableRef, PageOf, PageQuery, Ref, Stamps, Uuid, ref } from '../../core/http/schemas.ts';
import { IntervalIn, IntervalOut, StatusSchema } from './interval.ts';

const Note = Type.String({ maxLength: 5000, description: 'Optional note about this patient recall (up to 5000 characters; default "").' });
const Disabled = Type.Boolean({ description: 'A disabled recall keeps its dates (and is still advanced) but is never listed as due (default false).' });
const DateDue = { ...DateStr, description: 'Local date the next recall visit is due. Advanced automatically when a trigger\'s procedure is performed.' };
const OwnInterval = {
  ...IntervalIn, description: `The patient's own interval, overriding the recall type's default_interval; null = the type's default. ${IntervalIn.description}`,
};

export const PatientRecallSchema = Type.Object({
  id: Uuid,
  patient: Type.Ref(Ref, { description: 'The patient; fixed once created.' }),
  patient_phone: Nullable(Type.String({ description: 'The patient\'s mobile phone, for calling down the due list.' })),
  recall_type: Type.Ref(Ref, { description: 'The recall type; fixed once created.' }),
  interval: { ...IntervalOut, description: 'The interval in effect: the patient\'s own when set, else the type\'s default_interval.' },
  uses_default_interval: Type.Boolean({ description: 'True when `interval` is the type\'s default (the patient has no own interval).' }),
  date_previous: Nullable({ ...DateStr, description: 'Local date a trigger\'s procedure was last performed.' }),
  date_due: Nullable(DateDue),
  date_scheduled: Nullable({ ...DateStr, description: 'Local date of the booked appointment for this recall (on or after today), else null.' }),
  appointment: NullableRef('The booked appointment for this recall (name: its appointment type), else null.'),
  status: { ...StatusSchema, description: 'Derived when read (never stored): completed (the type is inactive), scheduled (an appointment '
    + 'for it is booked today or later), overdue (date_due before today), else due.' },
  is_disabled: Type.Boolean(),
  note: Type.String(),
  ...Stamps,
}, { $id: 'PatientRecall' });
export type PatientRecall = Static<typeof PatientRecallSchema>;

export const CreatePatientRecallBody = Body({
  patient_uuid: { ...Uuid, description: 'The patient; unknown → 404.' },
  recall_type_uuid: { ...Uuid, description: 'The recall type; unknown → 404; the patient already has a recall of it → 409.' },
  date_due: Type.Optional(Nullable({ ...DateDue, description: 'Local due date; omitted = today (at the organisation\'s first location); null = none.' })),
  interval: Type.Optional(Nullable(OwnInterval)),
  note: Type.Optional(Note),
  is_disabled: Type.Optional(Disabled),
});

export const UpdatePatientRecallBody = Body({
  base_version: BaseVersion,
  date_due: Type.Optional(Nullable(DateDue)),
  interval: Type.Optional(Nullable(OwnInterval)),
  is_disabled: Type.Optional(Disabled),
  note: Type.Optional(Note),
  status: Type.Optional({ ...StatusSchema, description: 'Derived, not writable: accepted only when equal to the status the recall has '
    + 'after this change (so a read-modify-write echo works); another value → 422 value_error.' }),
  date_scheduled: Type.Optional(Nullable({ ...DateStr, description: 'Derived from the booked appointment, not writable: accepted only '
    + 'when equal to the current value; another value → 422 value_error.' })),
}, 'Changes only the fields given; null clears date_due or the patient\'s own interval. The patient and recall type are fixed.');

const Filters = {
  patient_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Filter by patient UUID (unknown → 404).' })),
  recall_type_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Filter by recall type UUID (unknown → 404).' })),
};

export const PatientRecallQuery = Type.Object({
  ...PageQuery,
  ...Filters,
  status: Type.Optional({ ...StatusSchema, description: 'Filter by derived status: due, scheduled, completed, overdue.' }),
  due_from: Type.Optional({ ...DateStr, description: 'Only recalls due on or after this local date (our addition).' }),
  due_to: Type.Optional({ ...DateStr, description: 'Only recalls due on or before this local date (our addition).' }),
});

export const DueRecallQuery = Type.Object({
  ...PageQuery,
  due_on: Type.Optional({ ...DateStr, description: 'Recalls due on or before this local date. Defaults to today at each recall\'s location.' }),
  location_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only recalls at this location (our addition; unknown or outside a location-limited caller\'s locations → 404).' })),
  recall_type_uuid: Filters.recall_type_uuid,
});

export const PatientRecallPage = PageOf(Type.Ref(PatientRecallSchema));
export const PatientRecallParams = Type.Object({ org_id: Type.String(), recall_uuid: Uuid });

/** Record schemas of patient recalls referenced by `$ref`; registered once in app.ts. */
export const patientRecallsSchemas: TSchema[] = [PatientRecallSchema];

/** A create body as the command takes it. */
export function toNewPatientRecall(b: Static<typeof CreatePatientRecallBody>): NewPatientRecall {
  return {
    patientId: b.patient_uuid, recallTypeId: b.recall_type_uuid, date_due: b.date_due, interval: b.interval ?? null,
    note: b.note ?? '', is_disabled: b.is_disabled ?? false,
  };
}

/** A change body as the command takes it (fields left out stay undefined). */
export function toRecallChange(b: Omit<Static<typeof UpdatePatientRecallBody>, 'base_version'>): RecallChange {
  return { date_due: b.date_due, interval: b.interval, is_disabled: b.is_disabled, note: b.note, status: b.status, date_scheduled: b.date_scheduled };
}

/** API shape of a recall row; the status comes from domain/recall-status.ts on the row's facts. */
export function toPatientRecallJson(r: PatientRecallRow): PatientRecall {
  return {
    id: r.id, patient: { id: r.patient_id, name: r.patient_name }, patient_phone: r.patient_phone,
    recall_type: { id: r.recall_type_id, name: r.recall_type_name },
    interval: r.interval ?? r.default_interval, uses_default_interval: r.interval === null,
    date_previous: r.date_previous, date_due: r.date_due, date_scheduled: r.date_scheduled,
    appointment: ref(r.appointment_id, r.appointment_name),
    status: recallStatus({ typeActive: r.type_active, dateScheduled: r.date_scheduled, dateDue: r.date_due, today: r.today }),
    is_disabled: r.is_disabled, note: r.note, version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
