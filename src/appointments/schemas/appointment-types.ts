import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AppointmentTypeWithLinks } from '../db/appointment-types.ts';
import { effectiveTimePattern } from '../domain/time-pattern.ts';
import { BaseVersion, Body, Color, Instant, Name, Nullable, PageOf, PageQuery, Ref, Stamps, Uuid } from '../../core/http/schemas.ts';

const Status = Type.Unsafe<'active' | 'archived'>({
  type: 'string', enum: ['active', 'archived'],
  description: '`archived` once archived (then `deleted_at` is set); archived types stay readable.',
});

const TimePattern = Type.String({
  pattern: '^[X/]{1,144}$', examples: ['//XXXX//'],
  description: 'One character per 5 minutes: `X` provider time, `/` assistant-only time; 1–144 characters (≤ 720 minutes). ' +
    'Its length × 5 must equal `duration_minutes` when both are given (422 `time_pattern_mismatch`); ' +
    'given alone it sets `duration_minutes`. null: no explicit pattern, `effective_time_pattern` is derived from the duration.',
});

const Duration = Type.Integer({
  minimum: 5, maximum: 720, multipleOf: 5, examples: [30],
  description: 'Length in minutes, a multiple of 5 from 5 to 720. Default 30, or length × 5 of `time_pattern` when only that is given.',
});

const Abbrev = Type.String({ maxLength: 50, description: 'Short label for calendar cells.' });

const LocationUuids = Type.Array(Uuid, {
  maxItems: 200,
  description: 'Locations the type is limited to; empty or null: every location. Each must be a location of the organisation ' +
    '(and, for a location-limited caller, one of theirs), else 404 with loc `["body", "location_uuids", index]`; duplicates → 422.',
});

function CodeList(description: string) {
  return Type.Array(Type.String({ minLength: 1, maxLength: 50 }), {
    maxItems: 100,
    description: `${description} Procedure codes of the organisation (e.g. \`D0120\`), matched case-insensitively and returned as stored, ` +
      'in the order given. An unknown code → 422 `unknown_procedure_code` with loc `["body", field, index]`; a code twice in one list → 422.',
  });
}

const RequiredCodes = CodeList('Codes an appointment of this type must carry.');
const CodesToAdd = CodeList('Codes added to an appointment when this type is chosen.');

export const AppointmentTypeSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  abbrev: Nullable(Type.String()),
  color: Nullable(Type.String()),
  duration_minutes: Type.Integer(),
  time_pattern: Nullable(Type.String({ description: 'The pattern as the client gave it; null when derived from `duration_minutes`.' })),
  effective_time_pattern: Type.String({
    description: 'The pattern the type really uses: `time_pattern`, or all `X` for `duration_minutes` when there is none (the provider is busy throughout).',
  }),
  blockout_only: Type.Boolean({ description: 'Flags a type meant to be booked only inside blockouts.' }),
  is_hidden: Type.Boolean(),
  item_order: Type.Integer(),
  require_all: Type.Boolean({ description: 'Whether all `required_procedure_codes` are needed (true) or any one of them (false).' }),
  locations: Type.Array(Type.Ref(Ref), { description: 'Locations the type is limited to, by name; empty: every location.' }),
  required_procedure_codes: Type.Array(Type.String()),
  procedure_codes_to_add: Type.Array(Type.String()),
  status: Status,
  deleted_at: Nullable(Instant),
  ...Stamps,
}, { $id: 'AppointmentType' });
export type AppointmentType = Static<typeof AppointmentTypeSchema>;

export const appointmentTypesSchemas: TSchema[] = [AppointmentTypeSchema];

const writable = {
  abbrev: Type.Optional(Nullable(Abbrev)),
  color: Type.Optional(Nullable(Color)),
  duration_minutes: Type.Optional(Duration),
  time_pattern: Type.Optional(Nullable(TimePattern)),
  blockout_only: Type.Optional(Type.Boolean({ description: 'Default false.' })),
  is_hidden: Type.Optional(Type.Boolean({ description: 'Default false.' })),
  item_order: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, description: 'Display order, default 0.' })),
  require_all: Type.Optional(Type.Boolean({ description: 'Default false.' })),
  location_uuids: Type.Optional(Nullable(LocationUuids)),
  required_procedure_codes: Type.Optional(RequiredCodes),
  procedure_codes_to_add: Type.Optional(CodesToAdd),
};

export const CreateAppointmentTypeBody = Body({ name: Name, ...writable });

export const UpdateAppointmentTypeBody = Body({ base_version: BaseVersion, name: Type.Optional(Name), ...writable });

export const AppointmentTypeQuery = Type.Object({
  ...PageQuery,
  status: Type.Unsafe<'active' | 'archived' | 'all'>({
    type: 'string', enum: ['active', 'archived', 'all'], default: 'active',
    description: 'Which types to list: `active` (default), `archived`, or `all`.',
  }),
  search: Type.Optional(Type.String({ maxLength: 200, description: 'Case-insensitive substring of the name or the abbreviation (taken literally: `%` and `_` are not wildcards).' })),
});

export const AppointmentTypePage = PageOf(Type.Ref(AppointmentTypeSchema));
export const AppointmentTypeParams = Type.Object({ org_id: Type.String(), appointment_type_uuid: Uuid });

/** API shape of an appointment type with its links. */
export function toAppointmentTypeJson(r: AppointmentTypeWithLinks): AppointmentType {
  return {
    id: r.id, name: r.name, abbrev: r.abbrev, color: r.color,
    duration_minutes: r.duration_minutes, time_pattern: r.time_pattern,
    effective_time_pattern: effectiveTimePattern({ timePattern: r.time_pattern, durationMinutes: r.duration_minutes }),
    blockout_only: r.blockout_only, is_hidden: r.is_hidden, item_order: r.item_order, require_all: r.require_all,
    locations: r.locations, required_procedure_codes: r.required_procedure_codes, procedure_codes_to_add: r.procedure_codes_to_add,
    status: r.status, deleted_at: r.deleted_at,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
