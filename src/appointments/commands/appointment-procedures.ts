import { invalid, notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { recordChange } from './appointment-events.ts';
import { updateAppointments, type AppointmentRecord } from '../db/appointments.ts';
import { lockForWrite, lockVisibleAppointment, requireBaseVersion } from './appointment-locks.ts';
import {
  deleteAppointmentProcedure, getAppointmentProcedure, insertAppointmentProcedure, sumProcedureFees,
} from '../db/appointment-procedures.ts';
import { getProcedureCode } from '../../practice/index.ts';
import type { Actor } from './book-appointment.ts';
import { requireProviders } from '../queries/references.ts';

/** 422 when the appointment's procedures are frozen (complete or cancelled). */
function requireEditableProcedures(row: AppointmentRecord, verb: 'add' | 'remove'): void {
  if (row.status === 'complete' || row.status === 'cancelled') {
    throw invalid(['path', 'appointment_uuid'], `Cannot ${verb} procedures of a ${row.status} appointment`);
  }
}

export interface AddProcedureInput {
  base_version: number;
  procedure_code_uuid: string;
  provider_uuid?: string | null;
  charted_procedure_uuid?: string | null;
  fee?: number | null;
  item_order?: number | null;
}

/** The production change a procedure write causes, for history; empty when production is set explicitly. */
async function productionChange(tx: Db, orgId: string, row: AppointmentRecord, before: string) {
  if (row.production_override !== null) return {};
  return { production_amount: { old: before, new: await sumProcedureFees(tx, orgId, row.id) } };
}

/**
 * Adds a planned procedure to an appointment (404 appointment, 409 stale base_version, 404 code or
 * provider, 422 when complete or cancelled). The fee defaults to the code's default fee, the
 * position to after the last one. Bumps the appointment's version and writes `procedure_added`.
 */
export async function addAppointmentProcedure(db: Db, actor: Actor, appointmentId: string, i: AddProcedureInput): Promise<string> {
  const { orgId } = actor;
  return withTransaction(db, async (tx) => {
    const row = await lockForWrite(tx, actor, appointmentId, i.base_version);
    const code = await getProcedureCode(tx, orgId, i.procedure_code_uuid);
    if (!code) throw notFound('Procedure code', ['body', 'procedure_code_uuid']);
    if (i.provider_uuid) await requireProviders(tx, orgId, [i.provider_uuid], ['body', 'provider_uuid']);
    requireEditableProcedures(row, 'add');
    const before = await sumProcedureFees(tx, orgId, row.id);
    const id = await insertAppointmentProcedure(tx, orgId, row.id, {
      procedure_code_id: code.id, provider_id: i.provider_uuid ?? null, charted_procedure_uuid: i.charted_procedure_uuid ?? null,
      fee: i.fee ?? null, item_order: i.item_order ?? null,
    });
    const added = (await getAppointmentProcedure(tx, orgId, row.id, id))!;
    await updateAppointments(tx, orgId, [row.id]);
    await recordChange(tx, actor, row.id, 'procedure_added', {
      procedure: { old: null, new: { id, procedure_code: code.code, fee: added.fee, provider_id: added.provider_id, item_order: added.item_order } },
      ...(await productionChange(tx, orgId, row, before)),
    }, row);
    return id;
  });
}

/**
 * Removes a procedure from an appointment (404 appointment, 404 procedure, 409 stale base_version
 * given in the query, 422 when complete or cancelled). Bumps the version and writes `procedure_removed`.
 */
export async function removeAppointmentProcedure(db: Db, actor: Actor, appointmentId: string, procedureId: string, baseVersion: number): Promise<void> {
  const { orgId } = actor;
  await withTransaction(db, async (tx) => {
    const row = await lockVisibleAppointment(tx, actor, appointmentId);
    const procedure = await getAppointmentProcedure(tx, orgId, row.id, procedureId);
    if (!procedure) throw notFound('Procedure', ['path', 'procedure_uuid']);
    requireBaseVersion(row, baseVersion, ['query', 'base_version']);
    requireEditableProcedures(row, 'remove');
    const before = await sumProcedureFees(tx, orgId, row.id);
    await deleteAppointmentProcedure(tx, orgId, row.id, procedure.id);
    await updateAppointments(tx, orgId, [row.id]);
    await recordChange(tx, actor, row.id, 'procedure_removed', {
      procedure: { old: { id: procedure.id, procedure_code: procedure.code, fee: procedure.fee, provider_id: procedure.provider_id, item_order: procedure.item_order }, new: null },
      ...(await productionChange(tx, orgId, row, before)),
    }, row);
  });
}
