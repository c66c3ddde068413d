// The seeded practice as the scenarios need it: ids, zones, who works where, and clean-up of what
// the write scenarios add (marked with note 'bench').
import type pg from 'pg';
import { many } from '../src/core/db/client.ts';
import { parseToken } from '../src/core/tokens.ts';
import type { SeedInfo } from './config.ts';
import { AVAILABILITY_CLINIC } from './seed-sql.ts';

export interface LocationFixture {
  id: string;
  name: string;
  timezone: string;
  operatoryIds: string[];
  /** The providers whose templates are at this location. */
  providerIds: string[];
}

export interface Practice {
  orgId: string;
  tokenHash: Buffer;
  /** By name: Clinic 01 … Clinic 30. */
  locations: LocationFixture[];
  /** The availability clinic (20 providers, ~10,000 appointments over the next 90 days), or null in an older seed. */
  availability: LocationFixture | null;
  patientIds: string[];
  /** The default confirmation status chairtime gives a new appointment. */
  confirmationId: string | null;
  /** The seeded admin, whose token the load uses (the minimal booking floor writes its history rows as them). */
  userId: string;
}

/** Note carried by every appointment a scenario creates, so clean-up finds exactly those. */
export const BENCH_NOTE = 'bench';

/** The client address the floors give the auth statement: the HTTP load's, loopback. */
export const BENCH_CLIENT = '127.0.0.1';

/** Loads the practice of the seeded organisation; fails when the database was not seeded by bench:seed. */
export async function loadPractice(db: pg.Pool, seed: SeedInfo): Promise<Practice> {
  const orgId = seed.orgId;
  const locations = await many<LocationFixture>(db, `
    SELECT l.id, l.name, l.timezone,
           array(SELECT o.id FROM operatories o WHERE o.org_id = l.org_id AND o.location_id = l.id ORDER BY o.item_order) AS "operatoryIds",
           array(SELECT DISTINCT t.provider_id FROM provider_schedule_templates t WHERE t.org_id = l.org_id AND t.location_id = l.id) AS "providerIds"
      FROM locations l WHERE l.org_id = $1 ORDER BY l.name`, [orgId]);
  if (!locations.length) throw new Error('the bench database holds no seeded practice: run `npm run bench:seed`');
  const availability = locations.find((l) => l.name === AVAILABILITY_CLINIC) ?? null;
  const patients = await many<{ id: string }>(db, 'SELECT id FROM patients WHERE org_id = $1 ORDER BY chart_number', [orgId]);
  const [confirmation] = await many<{ id: string }>(db, `
    SELECT id FROM definitions WHERE org_id = $1 AND category = 'ApptConfirmed' AND NOT is_hidden ORDER BY item_order, name LIMIT 1`, [orgId]);
  const [user] = await many<{ id: string }>(db, 'SELECT id FROM users WHERE org_id = $1 ORDER BY created_at, id LIMIT 1', [orgId]);
  const parsed = parseToken(seed.token);
  if (!parsed) throw new Error('the token in bench/.seed.json is malformed: run `npm run bench:seed`');
  return {
    orgId, tokenHash: parsed.hash, locations: locations.filter((l) => l !== availability), availability,
    patientIds: patients.map((p) => p.id), confirmationId: confirmation?.id ?? null, userId: user!.id,
  };
}

/** Removes every appointment a scenario created, and all history (the seed writes none), then vacuums. */
export async function deleteBenchAppointments(db: pg.Pool, orgId: string): Promise<void> {
  await db.query('DELETE FROM appointments WHERE org_id = $1 AND note = $2', [orgId, BENCH_NOTE]);
  await db.query('DELETE FROM appointment_history WHERE org_id = $1', [orgId]);
  await db.query('VACUUM ANALYZE appointments, appointment_providers, appointment_history');
}

/** Weekdays (Monday–Friday) from `from` to `to`, inclusive. */
export function weekdays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    const d = new Date(ms);
    if (d.getUTCDay() % 6 !== 0) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}
