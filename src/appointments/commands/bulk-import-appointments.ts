import type pg from 'pg';
import { AppError, type Issue } from '../../core/errors.ts';
import { withTransaction } from '../../core/db/client.ts';
import { createAppointment, type Actor, type CreateAppointmentInput } from './book-appointment.ts';

/** One row of a bulk import: a create body that passed the schema, or the schema's issues (loc from ['body', …]). */
export type BulkRow = { input: CreateAppointmentInput } | { errors: Issue[] };

export interface BulkRowOutcome {
  /** 0-based index into the request's rows */
  row: number;
  status: 'created' | 'failed' | 'validated';
  appointment_uuid?: string;
  errors?: Issue[];
}

export interface BulkOutcome {
  total: number;
  created: number;
  /** Always 0: a bulk import only creates. */
  updated: number;
  /** Always 0: every row is either created, validated or failed. */
  skipped: number;
  failed: number;
  validated: number;
  results: BulkRowOutcome[];
}

// PostgreSQL errors a single row can cause (a backstop constraint, a lock clash between writers) and
// that must fail that row only; anything else is a fault and aborts the batch.
const ROW_SQLSTATES: Record<string, { type: string; msg: string }> = {
  '23P01': { type: 'slot_conflict', msg: 'The time overlaps an existing booking' },
  '40P01': { type: 'state_conflict', msg: 'A concurrent change interfered; retry the row' },
  '40001': { type: 'state_conflict', msg: 'A concurrent change interfered; retry the row' },
  '23514': { type: 'value_error', msg: 'A value is outside its allowed range' },
};
const DATA_EXCEPTION = { type: 'value_error', msg: 'A value is invalid or out of range' };

function rowIssues(err: unknown): Issue[] | null {
  if (err instanceof AppError) return err.issues;
  const code = (err as { code?: unknown; severity?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(err as { severity?: unknown }).severity) return null;
  const known = ROW_SQLSTATES[code] ?? (code.startsWith('22') ? DATA_EXCEPTION : null);
  return known ? [{ loc: ['body'], ...known }] : null;
}

/** Moves an issue's loc from the single-create body (['body', 'start_time']) to the row (['body', 'rows', 3, 'start_time']). */
function atRow(issues: Issue[], row: number): Issue[] {
  return issues.map((i) => ({ ...i, loc: i.loc[0] === 'body' ? ['body', 'rows', row, ...i.loc.slice(1)] : i.loc }));
}

async function importRow(tx: pg.PoolClient, actor: Actor, row: number, r: BulkRow, dryRun: boolean): Promise<BulkRowOutcome> {
  if ('errors' in r) return { row, status: 'failed', errors: atRow(r.errors, row) };
  try {
    const id = await createAppointment(tx, actor, r.input);
    return dryRun ? { row, status: 'validated' } : { row, status: 'created', appointment_uuid: id };
  } catch (err) {
    const issues = rowIssues(err);
    if (!issues) throw err;
    return { row, status: 'failed', errors: atRow(issues, row) };
  }
}

function summarise(results: BulkRowOutcome[]): BulkOutcome {
  const count = (s: BulkRowOutcome['status']) => results.filter((r) => r.status === s).length;
  return {
    total: results.length, created: count('created'), updated: 0, skipped: 0, failed: count('failed'), validated: count('validated'), results,
  };
}

class DryRunDone extends Error {
  constructor(readonly outcome: BulkOutcome) {
    super('dry run rolled back');
  }
}

/**
 * Creates one appointment per row, in row order, each through createAppointment in its own
 * savepoint of one transaction: a row that fails (schema issues given, 404, 422, 409 slot_conflict …)
 * is rolled back alone and reported with its issues relocated under ['body', 'rows', i]; later rows
 * see the earlier ones, so two rows clashing in one batch give the first created and the second failed.
 * `dryRun` does all of it and rolls everything back, reporting would-be creations as `validated`.
 */
export async function bulkImportAppointments(db: pg.Pool, actor: Actor, rows: BulkRow[], dryRun: boolean): Promise<BulkOutcome> {
  try {
    return await withTransaction(db, async (tx) => {
      const results: BulkRowOutcome[] = [];
      for (const [i, r] of rows.entries()) results.push(await importRow(tx, actor, i, r, dryRun));
      const outcome = summarise(results);
      if (dryRun) throw new DryRunDone(outcome);
      return outcome;
    });
  } catch (err) {
    if (err instanceof DryRunDone) return err.outcome;
    throw err;
  }
}
