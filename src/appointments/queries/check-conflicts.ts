import type { Static } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { formatEpochMs } from '../../core/time.ts';
import type { Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { REASON_CODES, type Conflict } from '../domain/conflicts.ts';
import { getAppointment } from '../db/appointments.ts';
import { resolveSlot } from '../domain/slot.ts';
import { findConflicts } from './find-conflicts.ts';
import type { CheckConflictsBody } from '../schemas/appointment-queries.ts';
import { requireAppointmentType, requireLocation, requireOperatoryAt, requireProviders } from './references.ts';

const KINDS: Conflict['kind'][] = ['appointment', 'provider', 'blockout', 'hold'];

/**
 * The conflicts a booking of `b` would meet, as create, move and place decide them, against the database
 * as it is (no locks, nothing written): references checked first (404/422), then grouped by kind, each
 * group by start, instants rendered with the location's offset.
 */
export async function previewConflicts(db: Db, orgId: string, scope: LocationScope, b: Static<typeof CheckConflictsBody>) {
  const location = await requireLocation(db, orgId, scope, b.location_uuid);
  await requireOperatoryAt(db, orgId, scope, b.operatory_uuid, location.id);
  const type = b.appointment_type_uuid ? await requireAppointmentType(db, orgId, b.appointment_type_uuid, location.id) : null;
  const providerIds = (b.provider_uuids ?? []).map((p) => p.toLowerCase());
  if (providerIds.length) await requireProviders(db, orgId, providerIds, ['body', 'provider_uuids']);
  if (b.exclude_appointment_uuid && !(await getAppointment(db, orgId, b.exclude_appointment_uuid, scope))) {
    throw notFound('Appointment', ['body', 'exclude_appointment_uuid']);
  }
  const slot = resolveSlot(location.timezone, b.schedule_date, b.start_time, b.end_time, null);
  const { conflicts } = await findConflicts(db, orgId, {
    id: b.exclude_appointment_uuid?.toLowerCase() ?? null, locationId: location.id, zone: location.timezone,
    operatoryId: b.operatory_uuid.toLowerCase(), typeId: type?.id ?? null, pattern: type?.time_pattern ?? null, slot,
    providers: providerIds.map((providerId) => ({ providerId, start: null, end: null })),
  }, false);
  const item = (c: Conflict) => ({
    id: c.id, start_time: formatEpochMs(c.start, location.timezone), end_time: formatEpochMs(c.end, location.timezone),
    reason_code: REASON_CODES[c.kind], ...(c.providerId ? { provider_uuid: c.providerId } : {}),
  });
  const of = (kind: Conflict['kind']) => conflicts.filter((c) => c.kind === kind)
    .sort((x, y) => x.start - y.start || (x.id < y.id ? -1 : 1)).map(item);
  return {
    has_conflicts: conflicts.length > 0,
    reason_codes: KINDS.filter((k) => conflicts.some((c) => c.kind === k)).map((k) => REASON_CODES[k]),
    conflicts: { appointments: of('appointment'), providers: of('provider'), blockouts: of('blockout'), holds: of('hold') },
  };
}
