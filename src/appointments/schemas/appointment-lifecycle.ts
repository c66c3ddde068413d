import { Type, type TSchema } from '@sinclair/typebox';
import { BaseVersion, Body, Color, DateStr, MoneyIn, Nullable, Uuid, WallTime } from '../../core/http/schemas.ts';
import { StatusEnum } from './appointments.ts';

/** Record schemas of appointment-lifecycle referenced by `$ref`; registered once in app.ts. */
export const appointmentLifecycleSchemas: TSchema[] = [];

const AllowOverlap = Type.Boolean({
  description: 'Bypass chair and provider overlap checks (recorded in history); never bypasses a no-schedule blockout.',
});
const Note = Type.String({ maxLength: 5000 });
const RequestNote = Nullable(Type.String({
  maxLength: 5000, description: 'Kept in the history entry; becomes the appointment\'s note only when that is empty.',
}));

export const UpdateAppointmentBody = Body({
  base_version: BaseVersion,
  appointment_type_uuid: Type.Optional(Nullable({ ...Uuid, description: 'null removes the type. Procedures stay as they are.' })),
  operatory_uuid: Type.Optional(Nullable({ ...Uuid, description: 'null only for an appointment that does not occupy a chair (422 otherwise).' })),
  schedule_date: Type.Optional(DateStr),
  start_time: Type.Optional(WallTime),
  end_time: Type.Optional({ ...WallTime, description: 'Omitted: the current end; for an appointment without one, start + the type\'s duration.' }),
  ask_to_arrive_time: Type.Optional(Nullable(WallTime)),
  note: Type.Optional(Note),
  priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  color_override: Type.Optional(Nullable(Color)),
  is_time_locked: Type.Optional(Type.Boolean()),
  production_amount: Type.Optional(Nullable({ ...MoneyIn, minimum: 0, description: 'Sets the amount explicitly; null goes back to the sum of the procedures\' fees.' })),
  estimated_insurance: Type.Optional(Nullable(MoneyIn)),
  estimated_patient_portion: Type.Optional(Nullable(MoneyIn)),
  allow_overlap: Type.Optional({ ...AllowOverlap, description: `Our addition. ${AllowOverlap.description}` }),
});

export const MoveAppointmentBody = Body({
  base_version: BaseVersion,
  schedule_date: DateStr,
  start_time: WallTime,
  end_time: WallTime,
  operatory_uuid: Type.Optional(Nullable({ ...Uuid, description: 'Omitted or null: the appointment\'s current operatory.' })),
  allow_overlap: Type.Optional(AllowOverlap),
  note: Type.Optional(RequestNote),
});

export const PlaceAppointmentBody = Body({
  base_version: BaseVersion,
  schedule_date: DateStr,
  start_time: WallTime,
  end_time: WallTime,
  operatory_uuid: Uuid,
  allow_overlap: Type.Optional(AllowOverlap),
});

export const BreakAppointmentBody = Body({
  base_version: BaseVersion,
  broken_reason_uuid: Type.Optional(Nullable({ ...Uuid, description: 'A BrokenReason definition (404 otherwise).' })),
  note: Type.Optional(RequestNote),
});

export const CancelAppointmentBody = Body({
  base_version: BaseVersion,
  cancel_reason_uuid: Type.Optional(Nullable({ ...Uuid, description: 'A CancelReason definition (404 otherwise).' })),
  cancelled_by: Type.Optional(Nullable(Type.Unsafe<'patient' | 'practice'>({ type: 'string', enum: ['patient', 'practice'] }))),
  note: Type.Optional(RequestNote),
});

export const TransitionAppointmentBody = Body({
  base_version: BaseVersion,
  status: StatusEnum,
  auto_generate_claim: Type.Optional(Nullable(Type.Boolean({ description: 'Accepted and ignored: chairtime does no billing.' }))),
});

export const PinboardAppointmentBody = Body({
  base_version: BaseVersion,
  note: Type.Optional(RequestNote),
});

export const PinboardQuery = Type.Object({
  location_uuid: { ...Uuid, description: 'The location whose pinboard to list (404 when unknown or outside the caller\'s locations).' },
});
