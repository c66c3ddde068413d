import { notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import { getPatient } from '../db/patients.ts';

/** 404 at `loc` unless the patient exists in the organisation (inactive patients count: they exist). */
export async function requirePatient(db: Db, orgId: string, patientId: string, loc: (string | number)[]): Promise<void> {
  if (!(await getPatient(db, orgId, patientId))) throw notFound('Patient', loc);
}
