import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AppointmentRow } from '../db/appointments.ts';
import { STATUSES, TRANSITIONS } from '../domain/status.ts';
import { formatEpochMs } from '../../core/time.ts';
import {
  Body, Color, DateStr, Instant, LocalInstant, MoneyOut, Nullable, NullableRef, Ref, ref, Uuid, WallTime,
} from '../../core/http/schemas.ts';

export const StatusEnum = Type.Unsafe<(typeof STATUSES)[number]>({
  type: 'string', enum: [...STATUSES],
  description: 'planned | scheduled | complete | broken | cancelled | unscheduled | pinboard. Allowed changes (from → to: via): '
    + Object.entries(TRANSITIONS).map(([from, tos]) => `${from} → ${Object.entries(tos).map(([to, vias]) => `${to} (${vias.join(', ')})`).join(', ') || 'final'}`).join('; '),
});

const AssignedProvider = Type.Object({
  id: Uuid, name: Nullable(Type.String()), role: Type.String(),
  start_time: Nullable(Type.String()), end_time: Nullable(Type.String()),
  start_at: Nullable(LocalInstant), end_at: Nullable(LocalInstant),
});

export const AppointmentSchema = Type.Object({
  id: Uuid,
  status: StatusEnum,
  patient: Type.Ref(Ref),
  location: Type.Ref(Ref),
  location_timezone: Type.String(),
  operatory: NullableRef(),
  appointment_type: NullableRef(),
  provider: NullableRef('The first assigned provider'),
  providers: Type.Array(AssignedProvider, { description: 'All assigned providers (id + name, role, optional own times), in item_order' }),
  schedule_date: Nullable(DateStr),
  start_time: Nullable(LocalInstant),
  end_time: Nullable(LocalInstant),
  datetime_ask_to_arrive: Nullable(LocalInstant),
  note: Type.String(),
  priority: Type.Integer(),
  is_new_patient: Type.Boolean(),
  is_time_locked: Type.Boolean(),
  item_order: Type.Integer(),
  color_override: Nullable(Type.String()),
  confirmation_status: NullableRef(),
  confirmation_status_label: Nullable(Type.String()),
  broken_reason: NullableRef(),
  cancel_reason: NullableRef(),
  cancelled_by: Nullable(Type.String()),
  flow_status: NullableRef(),
  recall: NullableRef(),
  tags: Type.Array(Type.Object({ id: Uuid, name: Nullable(Type.String()), color: Nullable(Type.String()) })),
  production_amount: MoneyOut,
  estimated_insurance: Nullable(MoneyOut),
  estimated_patient_portion: Nullable(MoneyOut),
  slot_uuid: Nullable({
    ...Uuid, description: 'Our addition (the contract\'s AppointmentOut has no slot reference): the slot (POST /slots) the appointment '
      + 'was booked into and still belongs to; null for any other. It holds a place of the slot\'s capacity while scheduled or complete; '
      + 'cancelled, broken, pinboard or unscheduled it stays linked with its place free. A move or place that keeps it within the '
      + 'slot\'s time and the block\'s chairs keeps the link; one anywhere else takes it out of the slot (null). It never joins a slot '
      + 'by being moved into one.',
  }),
  version: Type.Integer(),
  created_at: Instant,
  updated_at: Instant,
}, { $id: 'Appointment' });
export type Appointment = Static<typeof AppointmentSchema>;

export const appointmentsSchemas: TSchema[] = [AppointmentSchema];

export const CreateAppointmentBody = Body({
  patient_uuid: Uuid,
  location_uuid: Uuid,
  operatory_uuid: Type.Optional(Nullable(Uuid)),
  appointment_type_uuid: Type.Optional(Nullable(Uuid)),
  provider_uuid: Type.Optional(Nullable({ ...Uuid, description: 'Our addition: the primary provider (PUT …/providers sets several).' })),
  confirmation_status_uuid: Type.Optional(Nullable({ ...Uuid, description: 'Our addition; default: the first ApptConfirmed definition (Unconfirmed).' })),
  schedule_date: Type.Optional(Nullable(DateStr)),
  start_time: Type.Optional(Nullable(WallTime)),
  end_time: Type.Optional(Nullable({ ...WallTime, description: 'Local end time on the same date; omitted: start + the type\'s duration.' })),
  ask_to_arrive_time: Type.Optional(Nullable(WallTime)),
  status: Type.Optional(StatusEnum),
  note: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  is_new_patient: Type.Optional(Type.Boolean()),
  color_override: Type.Optional(Nullable(Color)),
  allow_overlap: Type.Optional(Type.Boolean({ description: 'Bypass chair and provider overlap checks (recorded in history); never bypasses a no-schedule blockout or a hold.' })),
  hold_token: Type.Optional(Nullable(Type.String({
    maxLength: 100, description: 'Our addition: the token of a live hold (POST /holds). The booking takes the held place — the operatory, '
      + 'the first held provider and, when no time is given, the held date and times are its defaults — and the hold is deleted in the '
      + 'same transaction. 409 hold_invalid: no hold of this organisation has this token, or it is at another location; 409 hold_expired: '
      + 'it expired, was released or was used meanwhile; 422: another operatory, a provider the hold does not hold, or a time outside it.',
  }))),
  slot_uuid: Type.Optional(Nullable({
    ...Uuid, description: 'Our addition: book into this slot (POST /slots). The appointment takes the slot\'s date and times (giving '
      + 'schedule_date, start_time or end_time → 422), the booking block\'s appointment type unless one is given, and the first free '
      + 'operatory (display order) and provider (by name) of the block unless given (one outside the block → 422). 404: unknown slot or '
      + 'one outside the caller\'s locations; 422: location_uuid is not the slot\'s, or a status other than scheduled or complete. 409 '
      + 'slot_disabled; 409 slot_locked: a live lock (POST /slots/{slot_id}/lock) whose hold_token the request does not carry (with it, '
      + 'the lock\'s hold is converted); 409 slot_full: as many scheduled or complete appointments as its capacity; then the usual '
      + 'conflict check (409 slot_conflict, also when no operatory or provider of the block is free).',
  })),
  service_id: Type.Optional(Nullable(Type.Integer({
    minimum: 1, maximum: Number.MAX_SAFE_INTEGER,
    description: 'Our addition: the service (GET /services) this booking is for, so that it counts against `max_bookings` of the '
      + 'occurrence it falls in — the service\'s time slot whose window holds `start_time` on `schedule_date`\'s weekday — exactly as '
      + 'POST /services/{service_id}/bookings counts, under the same per-occurrence lock, so the two together never exceed the cap. '
      + 'Unlike that route the request keeps its own operatory, provider and times (the usual conflict check applies; no session grid, '
      + 'no past-start rule); the service\'s appointment type, or else its length, fills in what it leaves out. Needs `schedule_date`, '
      + '`start_time` and `operatory_uuid` (422 `missing`) and a status of scheduled or complete; not with `slot_uuid` or `hold_token` '
      + '(422). 404: unknown service or one outside the caller\'s locations; 422: the service is at another location, or no time slot '
      + 'of it holds the start; 409 slot_full: the occurrence\'s places are taken. Without `service_id` an appointment counts against '
      + 'no service, even at a service\'s time with its type: nothing else ties an appointment to a service unambiguously (a location '
      + 'may offer several services at once). A booking that is moved counts only while it stays in its occurrence (see move).',
  }))),
});

export const AppointmentParams = Type.Object({ org_id: Type.String(), appointment_uuid: Uuid });

const instant = (text: string | null, zone: string) => (text ? formatEpochMs(Date.parse(text), zone) : null);

/**
 * Appends to `out` an appointment's JSON text as PostgreSQL writes it (db/appointment-json.ts) made final: each
 * local-instant marker (`"\u0001` + epoch milliseconds + `"`) becomes the instant with the location's offset, as
 * `toAppointmentJson` writes it. Pieces, not a new string per appointment: a page's text is joined once.
 */
export function pushWithLocalInstants(out: string[], json: string, zone: string): void {
  let from = 0;
  for (let at = json.indexOf('\u0001'); at !== -1; at = json.indexOf('\u0001', from)) {
    const end = json.indexOf('"', at);
    out.push(json.slice(from, at), formatEpochMs(Number(json.slice(at + 1, end)), zone));
    from = end;
  }
  out.push(from === 0 ? json : json.slice(from));
}

/** One appointment's JSON text as PostgreSQL writes it, made final as pushWithLocalInstants does. */
export function withLocalInstants(json: string, zone: string): string {
  const out: string[] = [];
  pushWithLocalInstants(out, json, zone);
  return out.join('');
}

/** API shape of an appointment row: instants with the location's offset, names as references. */
export function toAppointmentJson(r: AppointmentRow): Appointment {
  const zone = r.location_timezone;
  const first = r.providers[0];
  return {
    id: r.id, status: r.status,
    patient: { id: r.patient_id, name: r.patient_name },
    location: { id: r.location_id, name: r.location_name },
    location_timezone: zone,
    operatory: ref(r.operatory_id, r.operatory_name),
    appointment_type: ref(r.appointment_type_id, r.appointment_type_name),
    provider: first ? { id: first.id, name: first.name } : null,
    providers: r.providers.map((p) => ({
      id: p.id, name: p.name, role: p.role, start_time: p.start_time, end_time: p.end_time,
      start_at: instant(p.start_at, zone), end_at: instant(p.end_at, zone),
    })),
    schedule_date: r.schedule_date,
    start_time: instant(r.start_at, zone),
    end_time: instant(r.end_at, zone),
    datetime_ask_to_arrive: instant(r.ask_to_arrive_at, zone),
    note: r.note, priority: r.priority, is_new_patient: r.is_new_patient, is_time_locked: r.is_time_locked, item_order: r.item_order,
    color_override: r.color_override,
    confirmation_status: ref(r.confirmation_status_id, r.confirmation_status_name),
    confirmation_status_label: r.confirmation_status_name,
    broken_reason: ref(r.broken_reason_id, r.broken_reason_name),
    cancel_reason: ref(r.cancel_reason_id, r.cancel_reason_name),
    cancelled_by: r.cancelled_by,
    flow_status: ref(r.flow_status_id, r.flow_status_name),
    recall: ref(r.recall_id, null),
    tags: r.tags,
    production_amount: r.production_override ?? r.procedures_total,
    estimated_insurance: r.estimated_insurance, estimated_patient_portion: r.estimated_patient_portion,
    slot_uuid: r.slot_id,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
