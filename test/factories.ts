import { randomUUID } from 'node:crypto';
import { insertBlockoutType, type BlockoutTypeRow, type NewBlockoutType } from '../src/blockouts/db/blockout-types.ts';
import { insertLocation, type LocationRow } from '../src/practice/db/locations.ts';
import { insertOperatory, type OperatoryRow } from '../src/practice/db/operatories.ts';
import { insertProvider, type NewProvider, type ProviderRow } from '../src/practice/db/providers.ts';
import { insertUser } from '../src/practice/db/users.ts';
import { issueToken } from '../src/practice/commands/issue-token.ts';
import assert from 'node:assert/strict';
import { newOrg, testPool, type Client } from './helpers.ts';

/** A user of `role` in `orgId` (limited to `locationIds` unless null) and a token for them. */
export async function makeUserToken(orgId: string, role: 'admin' | 'staff' | 'viewer', locationIds: string[] | null = null): Promise<{ userId: string; token: string }> {
  const user = await insertUser(testPool(), orgId, { name: `${role} user`, email: `${role}-${randomUUID()}@example.test`, role, locationIds });
  const { token } = await issueToken(testPool(), orgId, user.id);
  return { userId: user.id, token };
}

/** A location written straight through db/ (parents for tests of other resources). */
export function makeLocation(orgId: string, over: Partial<{ name: string; timezone: string }> = {}): Promise<LocationRow> {
  return insertLocation(testPool(), orgId, {
    name: over.name ?? 'Main Street', timezone: over.timezone ?? 'America/New_York', address: null, phone: null, is_active: true,
    open_hours: null, default_appointment_type_id: null,
  });
}

/**
 * Makes a row of a test-only table reference `table`'s row `id` through a real foreign key, standing in
 * for the records (appointments, schedules …) that will reference it. The table lives in its own
 * schema so checks that walk the public tenant tables (tenancy.test.ts) never see it.
 */
export async function referenceRow(
  table: 'patients' | 'definitions' | 'operatories' | 'providers' | 'patient_flow_statuses', orgId: string, id: string,
): Promise<void> {
  const db = await testPool().connect();
  try {
    // CREATE … IF NOT EXISTS is not safe against a concurrent twin (test files run in parallel).
    await db.query('BEGIN');
    await db.query('SELECT pg_advisory_xact_lock(7302042)');
    await db.query('CREATE SCHEMA IF NOT EXISTS test_refs');
    await db.query(`CREATE TABLE IF NOT EXISTS test_refs.${table} (
      org_id uuid NOT NULL, ref_id uuid NOT NULL, FOREIGN KEY (org_id, ref_id) REFERENCES public.${table} (org_id, id))`);
    await db.query('COMMIT');
    await db.query(`INSERT INTO test_refs.${table} (org_id, ref_id) VALUES ($1, $2)`, [orgId, id]);
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    db.release();
  }
}

/** An operatory written straight through db/; a string is its name. */
export function makeOperatory(
  orgId: string, locationId: string,
  over: string | Partial<{ name: string; item_order: number; is_hygiene: boolean; is_active: boolean }> = {},
): Promise<OperatoryRow> {
  const o = typeof over === 'string' ? { name: over } : over;
  return insertOperatory(testPool(), orgId, {
    location_id: locationId, name: o.name ?? 'Op 1', abbrev: null,
    is_hygiene: o.is_hygiene ?? false, item_order: o.item_order ?? 0, is_active: o.is_active ?? true,
  });
}

/** A provider written straight through db/ (default Dana Molar, dentist). */
export function makeProvider(orgId: string, over: Partial<NewProvider> = {}): Promise<ProviderRow> {
  return insertProvider(testPool(), orgId, {
    first_name: 'Dana', last_name: 'Molar', abbrev: null, provider_type: 'dentist', color: null, is_active: true, ...over,
  });
}

/** A blockout type written straight through db/ (default Lunch). */
export function makeBlockoutType(orgId: string, over: Partial<NewBlockoutType & { status: string }> = {}): Promise<BlockoutTypeRow> {
  return insertBlockoutType(testPool(), orgId, {
    name: 'Lunch', abbreviation: null, color: '#BDBDBD', is_no_schedule: false, is_do_not_copy: false, is_hidden: false,
    is_holiday: false, item_order: 0, ...over,
  });
}

/** An org with a New York location, three chairs, two providers, a patient and a 60-minute type `/XXXXXXXXXX/`. */
export async function makePractice() {
  const c = await newOrg();
  const loc = await makeLocation(c.orgId, { name: 'Main Street', timezone: 'America/New_York' });
  const ops = [await makeOperatory(c.orgId, loc.id, 'Op 1'), await makeOperatory(c.orgId, loc.id, 'Op 2'), await makeOperatory(c.orgId, loc.id, 'Op 3')];
  const dentist = await makeProvider(c.orgId);
  const hygienist = await makeProvider(c.orgId, { first_name: 'Hal', last_name: 'Hygiene', provider_type: 'hygienist' });
  const patient = (await c.post('/patients', { first_name: 'Ann', last_name: 'Smith', chart_number: 'A1', mobile_phone: '555-0101', balance_due: 40 })).body;
  const type = (await c.post('/appointment-types', { name: 'Exam', time_pattern: '/XXXXXXXXXX/' })).body;
  /** A create body for the practice, scheduled in Op 1 on 2026-03-10 10:00–11:00 unless overridden. */
  const body = (over: Record<string, unknown> = {}) => ({
    patient_uuid: patient.id, location_uuid: loc.id, operatory_uuid: ops[0]!.id, schedule_date: '2026-03-10',
    start_time: '10:00', end_time: '11:00', ...over,
  });
  return { c, loc, ops, dentist, hygienist, patient, type, body };
}

/**
 * One record of each resource in `c`'s organisation, made through the API (each must answer 201), and
 * their ids keyed by the path parameter or body field that addresses them (block schedule templates as
 * `template_uuid_block`, beside provider schedule templates' `template_uuid`).
 */
export async function seedOneOfEach(c: Client): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const made = async (name: string, path: string, body: object) => {
    const res = await c.post(path, body);
    assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
    ids[name] = res.body.id;
    return res.body;
  };
  await made('location_uuid', '/locations', { name: 'Fuzz', timezone: 'America/New_York' });
  await made('operatory_uuid', '/operatories', { location_uuid: ids.location_uuid, name: 'Op 1' });
  await made('provider_uuid', '/providers', { first_name: 'Fay', last_name: 'Zed', provider_type: 'dentist' });
  await made('patient_uuid', '/patients', { first_name: 'Pat', last_name: 'Ient' });
  await made('procedure_code_uuid', '/procedure-codes', { code: 'D0120', description: 'Periodic evaluation' });
  await made('definition_uuid', '/definitions', { category: 'ApptTag', name: 'VIP' });
  await made('appointment_type_uuid', '/appointment-types', { name: 'Exam', duration_minutes: 30 });
  ids.appointment_type_uuid_a = ids.appointment_type_uuid_b = ids.appointment_type_uuid!;
  await made('template_uuid', '/schedule/templates', {
    provider_uuid: ids.provider_uuid, location_uuid: ids.location_uuid, day_of_week: 1, start_time: '08:00', end_time: '17:00', effective_from: '2026-01-01',
  });
  await made('override_uuid', '/schedule/overrides', {
    provider_uuid: ids.provider_uuid, location_uuid: ids.location_uuid, override_date: '2026-03-11', is_unavailable: true,
  });
  await made('note_uuid', '/schedule/notes', { location_uuid: ids.location_uuid, note_date: '2026-03-10', note: 'Fuzz note' });
  await made('flow_status_uuid', '/schedule/flow-statuses', { name: 'Fuzz Status' });
  await made('rule_uuid', '/schedule/appointment-rules', {
    appointment_type_uuid_a: ids.appointment_type_uuid, appointment_type_uuid_b: ids.appointment_type_uuid, location_uuid: ids.location_uuid, allow_overlap: false,
  });
  await made('blockout_type_uuid', '/blockouts/types', { name: 'Lunch' });
  const blockouts = await c.post('/blockouts/instances', {
    blockout_type_uuid: ids.blockout_type_uuid, location_uuid: ids.location_uuid, schedule_date: '2026-03-10', start_time: '12:00', end_time: '13:00',
  });
  ids.blockout_uuid = blockouts.body.items[0].id;
  await made('template_uuid_block', '/blockouts/templates', { name: 'Standard day', location_uuid: ids.location_uuid });
  await made('item_uuid', `/blockouts/templates/${ids.template_uuid_block}/items`, { blockout_type_uuid: ids.blockout_type_uuid, start_time: '12:00', end_time: '13:00' });
  await made('goal_uuid', '/schedule/production-goals', { provider_uuid: ids.provider_uuid, location_uuid: ids.location_uuid, goal_date: '2026-03-10', goal_amount: 100 });
  await made('appointment_uuid', '/appointments', {
    patient_uuid: ids.patient_uuid, location_uuid: ids.location_uuid, operatory_uuid: ids.operatory_uuid,
    schedule_date: '2026-03-10', start_time: '09:00', end_time: '10:00', provider_uuid: ids.provider_uuid,
  });
  await made('hold_uuid', '/holds', {
    location_uuid: ids.location_uuid, operatory_uuid: ids.operatory_uuid, schedule_date: '2026-03-10', start_time: '15:00', end_time: '15:30',
  });
  await made('booking_block_uuid', '/booking-blocks', {
    name: 'New patients', location_uuid: ids.location_uuid, operatory_uuids: [ids.operatory_uuid], provider_uuids: [ids.provider_uuid],
  });
  ids.booking_block_id = ids.booking_block_uuid!;
  await made('slot_id', '/slots', {
    booking_block_id: ids.booking_block_uuid, start_date: '2026-03-12T14:00:00Z', end_date: '2026-03-12T14:30:00Z', capacity: 2,
  });
  ids.slot_uuid = ids.slot_id!;
  // Services and time slots answer with the seed's {data: …} envelope and integer ids.
  const service = await c.post('/services', { name: 'Cleaning', location_uuid: ids.location_uuid, duration_minutes: 30 });
  assert.equal(service.status, 201, JSON.stringify(service.body));
  ids.service_id = String(service.body.data.id);
  const timeSlots = await c.patch('/time-slots', {
    service_id: service.body.data.id, time_slots: [{ day_of_week: 1, start_time: '2023-01-01 09:00:00', end_time: '2023-01-01 12:00:00', max_bookings: 2 }],
  });
  assert.equal(timeSlots.status, 200, JSON.stringify(timeSlots.body));
  ids.time_slot_id = String(timeSlots.body.data[0].id);
  await made('procedure_uuid', `/appointments/${ids.appointment_uuid}/procedures`, { base_version: 1, procedure_code_uuid: ids.procedure_code_uuid });
  await made('user_uuid', '/users', { name: 'Staff', email: 'staff@fuzz.test', role: 'staff' });
  await made('token_uuid', `/users/${ids.user_uuid}/tokens`, {});
  await made('preference_uuid', '/schedule/patient-preferences', { patient_uuid: ids.patient_uuid, preferred_days: [1] });
  await made('search_uuid', '/schedule/saved-searches', { name: 'Mornings', criteria: { location_uuid: ids.location_uuid, duration_minutes: 30 } });
  await made('view_uuid', '/schedule/views', { location_uuid: ids.location_uuid, name: 'Fuzz day' });
  await made('recall_type_uuid', '/recalls/types', { name: 'Prophy', appointment_type_uuid: ids.appointment_type_uuid, default_interval: { months: 6 } });
  await made('trigger_uuid', '/recalls/triggers', { recall_type_uuid: ids.recall_type_uuid, procedure_code_uuid: ids.procedure_code_uuid });
  await made('recall_uuid', '/recalls/patient-recalls', { patient_uuid: ids.patient_uuid, recall_type_uuid: ids.recall_type_uuid, date_due: '2026-01-15' });
  await made('entry_uuid', '/waitlist/entries', { patient_uuid: ids.patient_uuid, location_uuid: ids.location_uuid });
  Object.assign(ids, await (await import('./webhooks/fixtures.ts')).seedWebhook(c));
  await made('feed_uuid', '/calendar-feeds', { provider_uuid: ids.provider_uuid });
  for (const [field, category] of [['confirmation_status_uuid', 'ApptConfirmed'], ['broken_reason_uuid', 'BrokenReason'], ['cancel_reason_uuid', 'CancelReason']]) {
    ids[field!] = (await c.get(`/definitions?category=${category}`)).body.items[0].id;
  }
  return ids;
}
