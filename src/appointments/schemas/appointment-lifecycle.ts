import { Type, type TSchema } from '@sinclair/typebox';
import { BaseVersion, Body, Color, DateStr, MoneyIn, Nullable, Uuid, WallTime } from '../../core/http/schemas.ts';
import { AppointmentSchema, StatusEnum } from './appointments.ts';

/**
 * The cancel and break answer: the appointment plus, our addition, who on the ASAP list could take the
 * chair time it freed. `QuickFillMatch` is the waitlist's schema, named by id so this area never imports it.
 */
export const AppointmentWithQuickFillSchema = Type.Object({
  ...AppointmentSchema.properties,
  quick_fill_matches: Type.Array(Type.Unsafe<Record<string, unknown>>({ $ref: 'QuickFillMatch' }), {
    maxItems: 3,
    description: 'Our addition: the top three ASAP-list matches for the opening this appointment freed (its location, date, times '
      + 'and primary provider; any appointment type; cross-location entries included; its own patient left out), ranked as '
      + '`POST /waitlist/quick-fill` ranks them. Empty when the appointment had no date, times or chair, or nobody matches. '
      + 'Read after the change committed.',
  }),
}, { $id: 'AppointmentWithQuickFill' });

/** Record schemas of appointment-lifecycle referenced by `$ref`; registered once in app.ts. */
export const appointmentLifecycleSchemas: TSchema[] = [AppointmentWithQuickFillSchema];

const AllowOverlap = Type.Boolean({
  description: 'Bypass chair and provider overlap checks (recorded in history); never bypasses a no-schedule blockout.',
});
const Note = Type.String({ maxLength: 5000 });
const AddToAsap = Type.Boolean({
  default: false,
  description: 'Our addition: also put the patient on the ASAP list for this appointment (an entry with `source: appointment_flag` '
    + 'at its location, type, provider and length), in the same transaction. Default false.',
});

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
  add_to_asap: Type.Optional(AddToAsap),
});

export const CancelAppointmentBody = Body({
  base_version: BaseVersion,
  cancel_reason_uuid: Type.Optional(Nullable({ ...Uuid, description: 'A CancelReason definition (404 otherwise).' })),
  cancelled_by: Type.Optional(Nullable(Type.Unsafe<'patient' | 'practice'>({ type: 'string', enum: ['patient', 'practice'] }))),
  note: Type.Optional(RequestNote),
  add_to_asap: Type.Optional(AddToAsap),
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
