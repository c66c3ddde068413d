// Presenters: rows of the practice and schedule turned into FHIR R4 resources, and search results into Bundles.
import type { LocationRow } from '../../practice/index.ts';
import { encodeScheduleId, slotId } from '../domain/ids.ts';
import type { OperationOutcome } from '../domain/outcome.ts';
import type { ScheduleRow } from '../db/schedules.ts';

/** The extension that carries a location's IANA zone. */
export const TIMEZONE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/timezone';

/** Any FHIR resource this face serves. */
export type Resource = { resourceType: string; id?: string } & Record<string, unknown>;

/** A provider as a Practitioner: id, active, and the name in FHIR's parts. */
export function toPractitioner(p: { id: string; first_name: string; last_name: string; is_active: boolean }): Resource {
  return { resourceType: 'Practitioner', id: p.id, active: p.is_active, name: [{ family: p.last_name, given: [p.first_name] }] };
}

/** A location as a Location: status, name, address and phone when known, and its IANA zone as an extension. */
export function toLocation(l: LocationRow): Resource {
  return {
    resourceType: 'Location', id: l.id,
    extension: [{ url: TIMEZONE_EXTENSION, valueCode: l.timezone }],
    status: l.is_active ? 'active' : 'inactive', name: l.name, mode: 'instance',
    ...(l.phone ? { telecom: [{ system: 'phone', value: l.phone }] } : {}),
    ...(l.address ? { address: { text: l.address } } : {}),
  };
}

/** A provider at a location as a Schedule; active only while both are. */
export function toSchedule(s: ScheduleRow): Resource {
  const provider = `${s.first_name} ${s.last_name}`;
  return {
    resourceType: 'Schedule', id: encodeScheduleId({ locationId: s.location_id, providerId: s.provider_id }),
    active: s.provider_active && s.location_active,
    actor: [
      { reference: `Practitioner/${s.provider_id}`, type: 'Practitioner', display: provider },
      { reference: `Location/${s.location_id}`, type: 'Location', display: s.location_name },
    ],
    comment: `${provider} at ${s.location_name}`,
  };
}

/** A free slot of schedule `scheduleId`, its instants already written with the location's offset. */
export function toSlot(scheduleId: string, start: string, end: string): Resource {
  return {
    resourceType: 'Slot', id: slotId(scheduleId, start, end),
    schedule: { reference: `Schedule/${scheduleId}`, type: 'Schedule' }, status: 'free', start, end,
  };
}

/** Where a search was answered: the FHIR base (absolute) and the request's own absolute URL. */
export interface SearchContext {
  base: string;
  self: string;
}

/**
 * A `searchset` Bundle of `matches` (each with its absolute fullUrl under the base) and, when given, an
 * OperationOutcome entry in `outcome` mode; `total` counts the matches only.
 */
export function searchset(ctx: SearchContext, matches: Resource[], outcome?: OperationOutcome): Resource {
  const entry = [
    ...matches.map((resource) => ({ fullUrl: `${ctx.base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
    ...(outcome ? [{ resource: outcome, search: { mode: 'outcome' } }] : []),
  ];
  return {
    resourceType: 'Bundle', type: 'searchset', total: matches.length,
    link: [{ relation: 'self', url: ctx.self }],
    // FHIR JSON has no empty arrays: a Bundle without entries leaves `entry` out.
    ...(entry.length ? { entry } : {}),
  };
}
