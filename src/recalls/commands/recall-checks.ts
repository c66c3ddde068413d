import { invalid, notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import { getAppointmentType } from '../../appointments/index.ts';
import { normalizeInterval, type RecallInterval } from '../domain/interval.ts';
import { getRecallType, type RecallTypeRow } from '../db/recall-types.ts';

/** The interval in its stored shape, or 422 value_error at `loc` when no unit is positive. */
export function requireInterval(interval: RecallInterval, loc: (string | number)[]): RecallInterval {
  const out = normalizeInterval(interval);
  if (typeof out === 'string') throw invalid(loc, out);
  return out;
}

/** 404 at body.appointment_type_uuid for an unknown appointment type, 422 for an archived one (it cannot be booked). */
export async function requireBookableType(db: Db, orgId: string, id: string): Promise<void> {
  const type = await getAppointmentType(db, orgId, id);
  if (!type) throw notFound('Appointment type', ['body', 'appointment_type_uuid']);
  if (type.status !== 'active') throw invalid(['body', 'appointment_type_uuid'], 'The appointment type is archived: a recall cannot be booked with it');
}

/** The recall type, or 404 at `loc`. */
export async function requireRecallType(db: Db, orgId: string, id: string, loc: (string | number)[]): Promise<RecallTypeRow> {
  const type = await getRecallType(db, orgId, id);
  if (!type) throw notFound('Recall type', loc);
  return type;
}

