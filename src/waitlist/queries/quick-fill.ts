import { invalid, notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { inputRange, localDate, normalizeWallTime } from '../../core/time.ts';
import { getAppointment, getAppointmentType, type FreedOpening } from '../../appointments/index.ts';
import { getLocation, getOperatory, getProvider } from '../../practice/index.ts';
import { rankMatches, type Candidate, type Opening } from '../domain/quick-fill.ts';
import { listCandidates, type CandidateRow } from '../db/quick-fill-candidates.ts';
import { toEntryJson } from '../schemas/asap-entries.ts';
import type { QuickFillInput, QuickFillMatch } from '../schemas/quick-fill.ts';

/** The ranking's view of a candidate row. */
function toCandidate(r: CandidateRow): Candidate {
  const hasPref = r.pref_days !== null || r.pref_time_start !== null || r.pref_time_end !== null;
  return {
    id: r.id, patientId: r.patient_id, status: r.status, urgency: r.urgency, priorityRank: r.priority_rank, priorityName: r.priority_name,
    daysWaiting: r.days_waiting, locationId: r.location_id, locationScope: r.location_scope,
    additionalLocationIds: r.additional_locations.map((l) => l.id), appointmentTypeId: r.appointment_type_id, providerId: r.provider_id,
    durationMins: r.estimated_duration_mins ?? r.type_duration_minutes, dateRangeStart: r.date_range_start, dateRangeEnd: r.date_range_end,
    preferredDays: r.preferred_days, timeStart: r.preferred_time_start, timeEnd: r.preferred_time_end,
    patientPreference: hasPref ? { preferredDays: r.pref_days, timeStart: r.pref_time_start, timeEnd: r.pref_time_end } : null,
  };
}

interface ResolvedOpening extends Omit<Opening, 'today'> {
  zone: string;
  startAt: string;
  endAt: string;
}

/** Ranks the candidates for a resolved opening: every match with its entry, best first. */
async function rank(db: Db, orgId: string, scope: LocationScope, now: Date, o: ResolvedOpening, excludePatientId: string | null): Promise<QuickFillMatch[]> {
  const rows = await listCandidates(db, orgId, scope, now, {
    locationId: o.locationId, includeCrossLocation: o.includeCrossLocation, startAt: o.startAt, endAt: o.endAt, excludePatientId,
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const matches = rankMatches(rows.map(toCandidate), { ...o, today: localDate(now, o.zone) });
  return matches.map(({ entryId, ...m }) => ({ entry: toEntryJson(byId.get(entryId)!, now), ...m }));
}

/**
 * The ASAP entries that could take an opening, ranked (see domain/quick-fill.ts): 404 for an unknown
 * location, provider, type or chair; 422 for a chair at another location, an end not after the start,
 * or a time in a DST gap. Returns at most max_results matches and how many there were.
 */
export async function findQuickFillMatches(
  db: Db, orgId: string, scope: LocationScope, now: Date, i: QuickFillInput,
): Promise<{ matches: QuickFillMatch[]; total_matches: number }> {
  const location = await getLocation(db, orgId, i.location_uuid, scope);
  if (!location) throw notFound('Location', ['body', 'location_uuid']);
  if (i.provider_uuid && !(await getProvider(db, orgId, i.provider_uuid))) throw notFound('Provider', ['body', 'provider_uuid']);
  if (i.appointment_type_uuid && !(await getAppointmentType(db, orgId, i.appointment_type_uuid))) {
    throw notFound('Appointment type', ['body', 'appointment_type_uuid']);
  }
  if (i.operatory_uuid) {
    const op = await getOperatory(db, orgId, i.operatory_uuid, scope);
    if (!op) throw notFound('Operatory', ['body', 'operatory_uuid']);
    if (op.location_id !== location.id) throw invalid(['body', 'operatory_uuid'], 'The operatory is not at the opening\'s location');
  }
  const startTime = normalizeWallTime(i.slot_start_time)!;
  const endTime = normalizeWallTime(i.slot_end_time)!;
  const r = inputRange(i.slot_date, startTime, endTime, location.timezone);
  if (!r.ok) {
    const field = r.field === 'start_time' ? 'slot_start_time' : 'slot_end_time';
    if (r.reason === 'dst_gap') throw invalid(['body', field], `${field === 'slot_start_time' ? startTime : endTime} does not exist on ${i.slot_date} in ${location.timezone} (daylight-saving gap)`, 'dst_gap');
    throw invalid(['body', 'slot_end_time'], 'slot_end_time must be after slot_start_time on the same date');
  }
  const all = await rank(db, orgId, scope, now, {
    date: i.slot_date, startTime, endTime, lengthMins: Math.round((r.endMs - r.startMs) / 60_000), locationId: location.id,
    providerId: i.provider_uuid ?? null, appointmentTypeId: i.appointment_type_uuid ?? null,
    includeCrossLocation: i.include_cross_location ?? true, zone: location.timezone,
    startAt: new Date(r.startMs).toISOString(), endAt: new Date(r.endMs).toISOString(),
  }, null);
  return { matches: all.slice(0, i.max_results ?? 25), total_matches: all.length };
}

/**
 * The best `limit` matches for the chair time appointment `appointmentId` occupied (after a cancel or a
 * break): its location, date, times and primary provider, any type, cross-location entries included, its
 * own patient left out. [] when the appointment has no date, times or chair.
 */
export async function matchesForFreedAppointment(
  db: Db, orgId: string, scope: LocationScope, now: Date, appointmentId: string, limit: number,
): Promise<QuickFillMatch[]> {
  const a = await getAppointment(db, orgId, appointmentId, scope);
  if (!a || !a.schedule_date || !a.start_time || !a.end_time || !a.start_at || !a.end_at || !a.operatory_id) return [];
  const all = await rank(db, orgId, scope, now, {
    date: a.schedule_date, startTime: a.start_time, endTime: a.end_time,
    lengthMins: Math.round((Date.parse(a.end_at) - Date.parse(a.start_at)) / 60_000), locationId: a.location_id,
    providerId: a.providers.find((p) => p.role === 'primary')?.id ?? a.providers[0]?.id ?? null, appointmentTypeId: null,
    includeCrossLocation: true, zone: a.location_timezone, startAt: a.start_at, endAt: a.end_at,
  }, a.patient_id);
  return all.slice(0, limit);
}

/** The opening matcher the appointments area calls after a cancel or break (installed by app.ts). */
export function freedOpeningMatches(db: Db, o: FreedOpening): Promise<QuickFillMatch[]> {
  return matchesForFreedAppointment(db, o.orgId, o.scope, o.now, o.appointmentId, o.limit);
}
