import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AppointmentRow } from '../db/appointments.ts';
import type { AppointmentProcedureRow } from '../db/appointment-procedures.ts';
import type { HistoryRow } from '../db/appointment-history.ts';
import type { FlowEventRow } from '../db/patient-flow.ts';
import type { FlowSegment, FlowTotal } from '../domain/flow-stats.ts';
import { formatEpochMs } from '../../core/time.ts';
import { PROVIDER_ROLES } from '../domain/provider-roles.ts';
import {
  BaseVersion, Body, Defaulted, Instant, LocalInstant, MoneyIn, MoneyOut, Nullable, NullableRef, PageOf, PageQuery, Ref, ref, Uuid, WallTime,
} from '../../core/http/schemas.ts';
import { AppointmentSchema } from './appointments.ts';

export const ProcedureParams = Type.Object({ org_id: Type.String(), appointment_uuid: Uuid, procedure_uuid: Uuid });

// Procedures

export const AppointmentProcedureSchema = Type.Object({
  id: Uuid,
  appointment: Type.Ref(Ref),
  procedure_code: Type.Ref(Ref, { description: 'The code record; `name` is the code, e.g. D0120' }),
  procedure_code_value: Type.String({ description: 'The code, e.g. D0120' }),
  procedure_code_description: Type.String(),
  fee: MoneyOut,
  status: Type.Unsafe<'planned' | 'complete'>({ type: 'string', enum: ['planned', 'complete'], description: 'planned; complete once the appointment is completed' }),
  provider: NullableRef(),
  charted_procedure_uuid: Nullable(Uuid),
  item_order: Type.Integer(),
  created_at: Instant,
  updated_at: Instant,
}, { $id: 'AppointmentProcedure' });
export type AppointmentProcedure = Static<typeof AppointmentProcedureSchema>;

export const AddProcedureBody = Body({
  base_version: BaseVersion,
  procedure_code_uuid: Uuid,
  provider_uuid: Type.Optional(Nullable(Uuid)),
  charted_procedure_uuid: Type.Optional(Nullable(Uuid)),
  fee: Type.Optional(Nullable({ ...MoneyIn, minimum: 0, description: 'Default: the code\'s default fee.' })),
  item_order: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Default: after the last procedure.' }))),
});

export const RemoveProcedureQuery = Type.Object({ base_version: BaseVersion });

/** API shape of an appointment procedure row. */
export function toProcedureJson(r: AppointmentProcedureRow): AppointmentProcedure {
  return {
    id: r.id, appointment: { id: r.appointment_id, name: null }, procedure_code: { id: r.procedure_code_id, name: r.code },
    procedure_code_value: r.code, procedure_code_description: r.description, fee: r.fee, status: r.status,
    provider: ref(r.provider_id, r.provider_name), charted_procedure_uuid: r.charted_procedure_uuid, item_order: r.item_order,
    created_at: r.created_at, updated_at: r.updated_at,
  };
}

// Providers

const Role = Type.Unsafe<(typeof PROVIDER_ROLES)[number]>({ type: 'string', enum: [...PROVIDER_ROLES] });

export const AppointmentProviderSchema = Type.Object({
  provider: Type.Ref(Ref),
  role: Role,
  item_order: Type.Integer(),
  start_time: Nullable({ ...WallTime, description: 'The provider\'s own local start time; null: the type\'s time pattern applies' }),
  end_time: Nullable(WallTime),
  start_at: Nullable(LocalInstant),
  end_at: Nullable(LocalInstant),
}, { $id: 'AppointmentProvider' });
export type AppointmentProvider = Static<typeof AppointmentProviderSchema>;

export const ReplaceProvidersBody = Body({
  base_version: BaseVersion,
  providers: Type.Array(Body({
    provider_uuid: Uuid,
    role: Type.Optional(Type.Unsafe<(typeof PROVIDER_ROLES)[number]>({ ...Role, description: 'Default: primary for the first, secondary after.' })),
    start_time: Type.Optional(Nullable({ ...WallTime, description: 'Local time on the appointment\'s date; give both or neither.' })),
    end_time: Type.Optional(Nullable(WallTime)),
  }), { maxItems: 20, description: 'The complete new list in display order; [] removes every provider.' }),
});

/** The providers of an appointment row in item_order. */
export function toProvidersJson(r: AppointmentRow): AppointmentProvider[] {
  const at = (text: string | null) => (text ? formatEpochMs(Date.parse(text), r.location_timezone) : null);
  return r.providers.map((p, i) => ({
    provider: { id: p.id, name: p.name }, role: p.role as AppointmentProvider['role'], item_order: i,
    start_time: p.start_time, end_time: p.end_time, start_at: at(p.start_at), end_at: at(p.end_at),
  }));
}

// Confirmation

export const ConfirmationStatusQuery = Type.Object({
  ...PageQuery,
  include_hidden: Defaulted(Type.Boolean({ default: false, description: 'true includes hidden confirmation statuses.' })),
});

export const UpdateConfirmationBody = Body({
  base_version: BaseVersion,
  confirmation_status_uuid: Type.Optional(Nullable({ ...Uuid, description: 'An ApptConfirmed definition; null or omitted clears the status.' })),
});

export const BulkConfirmBody = Body({
  appointment_uuids: Type.Array(Uuid, { minItems: 1, maxItems: 500 }),
  confirmation_status_uuid: Uuid,
});

export const BulkConfirmResultSchema = Type.Object({
  confirmed: Type.Array(Type.Ref(AppointmentSchema)),
  skipped: Type.Array(Uuid, { description: 'Unknown ids, and ids of appointments outside the caller\'s locations' }),
  conflicts: Type.Array(Uuid, { description: 'Ids whose appointment another request was changing at that moment; retry them' }),
});

// Patient flow

export const SetFlowStatusBody = Body({
  flow_status_uuid: Uuid,
  change_note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});

export const FlowEventSchema = Type.Object({
  id: Uuid,
  flow_status: Type.Ref(Ref),
  changed_at: Instant,
  changed_by: Nullable(Type.String({ description: 'Name of the user who set the status' })),
  change_note: Type.String(),
}, { $id: 'PatientFlowEvent' });
export type FlowEvent = Static<typeof FlowEventSchema>;

/** API shape of a flow event row. */
export function toFlowEventJson(r: FlowEventRow): FlowEvent {
  return {
    id: r.id, flow_status: { id: r.flow_status_id, name: r.flow_status_name }, changed_at: r.changed_at,
    changed_by: r.changed_by_name, change_note: r.change_note,
  };
}

export const FlowStatsQuery = Type.Object({
  include_open: Defaulted(Type.Boolean({ default: true, description: 'Count the open (current) segment up to now.' })),
});

export const FlowStatsSchema = Type.Object({
  appointment_uuid: Uuid,
  current_flow_status: NullableRef(),
  segments: Type.Array(Type.Object({
    flow_status: Type.Ref(Ref),
    started_at: Instant,
    ended_at: Nullable(Instant),
    duration_seconds: Nullable(Type.Integer({ description: 'Whole seconds; null for the open segment when include_open=false' })),
  })),
  totals: Type.Array(Type.Object({ flow_status: Type.Ref(Ref), duration_seconds: Type.Integer() })),
});

const iso = (ms: number) => new Date(ms).toISOString();

/** API shape of computed flow stats. */
export function toFlowStatsJson(r: AppointmentRow, stats: { segments: FlowSegment[]; totals: FlowTotal[] }): Static<typeof FlowStatsSchema> {
  return {
    appointment_uuid: r.id,
    current_flow_status: ref(r.flow_status_id, r.flow_status_name),
    segments: stats.segments.map((s) => ({
      flow_status: { id: s.flowStatusId, name: s.name }, started_at: iso(s.start), ended_at: s.end === null ? null : iso(s.end),
      duration_seconds: s.durationSeconds,
    })),
    totals: stats.totals.map((t) => ({ flow_status: { id: t.flowStatusId, name: t.name }, duration_seconds: t.durationSeconds })),
  };
}

// History

export const HistoryEntrySchema = Type.Object({
  id: Uuid,
  action: Type.String({ description: 'created | updated | moved | status_changed | placed | pinboarded | broken | cancelled | procedure_added | procedure_removed | providers_replaced | confirmation_changed | flow_status_set | deleted' }),
  changes: Type.Unsafe<Record<string, unknown>>({
    type: 'object', additionalProperties: true, description: 'Each changed field as {old, new}, plus particulars such as allow_overlap',
  }),
  actor: Nullable(Type.Object({ id: Nullable(Uuid), name: Nullable(Type.String()) }, { description: 'The acting user, with their name at the time' })),
  created_at: Instant,
}, { $id: 'AppointmentHistoryEntry' });
export type HistoryEntry = Static<typeof HistoryEntrySchema>;

/** API shape of a history row. */
export function toHistoryJson(r: HistoryRow): HistoryEntry {
  const actor = r.actor_user_id === null && r.actor_name === null ? null : { id: r.actor_user_id, name: r.actor_name };
  return { id: r.id, action: r.action, changes: r.changes as Record<string, unknown>, actor, created_at: r.created_at };
}

export const HistoryPage = PageOf(Type.Ref(HistoryEntrySchema));
export const FlowEventPage = PageOf(Type.Ref(FlowEventSchema));
export const HistoryQuery = Type.Object({ ...PageQuery });

/** Record schemas of appointment-details referenced by `$ref`; registered once in app.ts. */
export const appointmentDetailsSchemas: TSchema[] = [AppointmentProcedureSchema, AppointmentProviderSchema, FlowEventSchema, HistoryEntrySchema];
