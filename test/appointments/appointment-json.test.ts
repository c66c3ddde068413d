// The appointments of a cursor page are written as JSON text by PostgreSQL (db/appointment-json.ts) and passed
// through. Property test: on random appointments — every nullable field null or set, names and notes with quotes,
// backslashes, control characters, line separators and emoji, instants with microseconds (before 1970 too) around daylight-saving
// changes in zones with half- and three-quarter-hour offsets, several providers with their own times, tags,
// procedures — the text is byte for byte what serialising the process's own shaping (`toAppointmentJson` of the row
// read the usual way) gives, and through the API each page item equals GET /appointments/{id}.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../src/core/random.ts';
import { getAppointments } from '../../src/appointments/db/appointments.ts';
import { listAppointmentPage } from '../../src/appointments/db/appointment-lists.ts';
import { pushWithLocalInstants, toAppointmentJson } from '../../src/appointments/schemas/appointments.ts';
import { closeTestApp, newOrg, testPool } from '../helpers.ts';
import { seedOneOfEach } from '../factories.ts';

after(closeTestApp);

const ZONES = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
// Daylight-saving changes (UTC) of some of those zones: instants are drawn around them too.
const CHANGES = ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z',
  '2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z', '2026-04-04T14:00:00Z', '2026-03-08T05:30:00Z'].map(Date.parse);
const ODD = ['O\'Brien', 'say "hi"', 'back\\slash', 'two\nlines', 'tab\there', 'bell\u0007 and \u001f', 'del\u007f', 'Zoë Ångström 名前',
  'tooth 🦷', 'sep\u2028\u2029', '</script>', ' padded ', '\\u0001 looks like a marker', '"\u0001123"'];

describe('appointments as JSON text written by PostgreSQL', () => {
  it('equal, byte for byte, the process\'s own shaping of the same rows, on random appointments', async () => {
    const c = await newOrg();
    const ids = await seedOneOfEach(c);
    const db = testPool();
    const rand = seededRandom(20261204);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const maybe = <T>(x: () => T): T | null => (rand() < 0.5 ? null : x());
    const odd = () => `${pick(ODD)}${rand() < 0.3 ? ` ${pick(ODD)}` : ''}`;
    const insert = async (sql: string, values: unknown[]) => (await db.query(sql, [c.orgId, ...values])).rows[0]?.id as string;

    const locations = [];
    for (const zone of ZONES) locations.push(await insert('INSERT INTO locations (org_id, name, timezone) VALUES ($1, $2, $3) RETURNING id', [odd(), zone]));
    const operatories = [];
    for (const loc of locations) operatories.push(await insert('INSERT INTO operatories (org_id, location_id, name) VALUES ($1, $2, $3) RETURNING id', [loc, odd()]));
    const providers = [];
    for (let i = 0; i < 5; i++) {
      providers.push(await insert(`INSERT INTO providers (org_id, first_name, last_name, provider_type) VALUES ($1, $2, $3, 'dentist') RETURNING id`, [odd(), odd()]));
    }
    const patients = [];
    for (let i = 0; i < 6; i++) patients.push(await insert('INSERT INTO patients (org_id, first_name, last_name) VALUES ($1, $2, $3) RETURNING id', [odd(), odd()]));
    const definition = (category: string) => insert('INSERT INTO definitions (org_id, category, name, color, item_order) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [category, odd(), maybe(() => pick(['#A1B2C3', '#ffffff', 'not "a" color'])), Math.floor(rand() * 3)]);
    const confirmations = [await definition('ApptConfirmed'), await definition('ApptConfirmed')];
    const broken = [await definition('BrokenReason')];
    const cancel = [await definition('CancelReason')];
    const tags = [await definition('ApptTag'), await definition('ApptTag'), await definition('ApptTag'), ids.definition_uuid!];
    const flows = [await insert('INSERT INTO patient_flow_statuses (org_id, name, slug) VALUES ($1, $2, $3) RETURNING id', [odd(), 'odd-one']), ids.flow_status_uuid!];
    const types = [ids.appointment_type_uuid!];
    await db.query('UPDATE appointment_types SET name = $2 WHERE org_id = $1', [c.orgId, odd()]);

    const instant = () => {
      const ms = rand() < 0.5 ? pick(CHANGES) + Math.round((rand() - 0.5) * 4 * 3_600_000) : Date.UTC(1950, 0, 1) + Math.floor(rand() * 4.7e12);
      // Microseconds, often just short of the next millisecond or second (rounding there would show).
      const micros = rand() < 0.5 ? String(Math.floor(rand() * 1e6)).padStart(6, '0') : pick(['000000', '000001', '999500', '999999', '123999']);
      return `${new Date(ms).toISOString().slice(0, 19)}.${micros}Z`;
    };
    const STATUSES = ['planned', 'scheduled', 'complete', 'broken', 'cancelled', 'unscheduled', 'pinboard'];
    const money = () => (rand() * 100_000).toFixed(2);
    const made: string[] = [];
    for (let i = 0; i < 150; i++) {
      const status = pick(STATUSES);
      const timed = status === 'scheduled' || status === 'complete' || rand() < 0.6;
      const start = timed ? instant() : null;
      const end = start ? new Date(Date.parse(start) + 60_000 + Math.floor(rand() * 86_000_000)).toISOString() : null;
      const id = await insert(`
        INSERT INTO appointments (org_id, patient_id, location_id, operatory_id, appointment_type_id, status, schedule_date, start_time, end_time,
          start_at, end_at, ask_to_arrive_at, note, priority, is_new_patient, is_time_locked, item_order, color_override, confirmation_status_id,
          broken_reason_id, cancel_reason_id, cancelled_by, flow_status_id, recall_id, production_override, estimated_insurance,
          estimated_patient_portion, overlap_permitted, slot_id, version, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz::date, $7::timestamptz::time, $8::timestamptz::time, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
          $17, $18, $19, $20, $21, $22, $23, $24, true, $25, $26, $27, $28) RETURNING id`, [
        pick(patients), pick(locations), start || rand() < 0.5 ? pick(operatories) : null, maybe(() => pick(types)), status, start, end,
        maybe(instant), rand() < 0.3 ? '' : odd(), Math.floor(rand() * 101), rand() < 0.5, rand() < 0.5, Math.floor(rand() * 20),
        maybe(() => pick(['#42A5F5', '#000000'])), maybe(() => pick(confirmations)), maybe(() => pick(broken)), maybe(() => pick(cancel)),
        maybe(() => pick(['patient', 'practice'])), maybe(() => pick(flows)), maybe(() => ids.recall_uuid), maybe(money), maybe(money), maybe(money),
        maybe(() => ids.slot_uuid), 1 + Math.floor(rand() * 9), instant(), instant(),
      ]);
      made.push(id);
      const assigned = [...providers].sort(() => rand() - 0.5).slice(0, Math.floor(rand() * 4));
      for (const [order, provider] of assigned.entries()) {
        const own = rand() < 0.5 ? instant() : null;
        await db.query(`INSERT INTO appointment_providers (org_id, appointment_id, provider_id, role, item_order, start_time, end_time, start_at, end_at)
          VALUES ($1, $2, $3, $4, $5, $6::timestamptz::time, $7::timestamptz::time, $6, $7)`, [c.orgId, id, provider,
          pick(['primary', 'secondary', 'hygienist', 'assistant']), 10 - order * 3, own, own ? new Date(Date.parse(own) + 1_800_000).toISOString() : null]);
      }
      for (const tag of [...tags].sort(() => rand() - 0.5).slice(0, Math.floor(rand() * 3))) {
        await db.query('INSERT INTO appointment_tags (org_id, appointment_id, definition_id) VALUES ($1, $2, $3)', [c.orgId, id, tag]);
      }
      for (let p = Math.floor(rand() * 3); p > 0; p--) {
        await db.query('INSERT INTO appointment_procedures (org_id, appointment_id, procedure_code_id, fee, item_order) VALUES ($1, $2, $3, $4, $5)',
          [c.orgId, id, ids.procedure_code_uuid, money(), p]);
      }
    }

    const { rows, hasNextPage } = await listAppointmentPage(db, c.orgId, null, {}, 'created_at', 'asc', null, 200);
    assert.equal(hasNextPage, false);
    assert.equal(rows.length, made.length + 1, 'every random appointment and the seeded one');
    const oracle = new Map((await getAppointments(db, c.orgId, rows.map((r) => r.id), null)).map((r) => [r.id, JSON.stringify(toAppointmentJson(r))]));
    for (const r of rows) {
      const text: string[] = [];
      pushWithLocalInstants(text, r.json, r.timezone);
      assert.equal(text.join(''), oracle.get(r.id), r.id);
    }

    // Through the API: pages of a size that does not divide the count, each item as GET /appointments/{id} answers it.
    let after = '';
    let seen = 0;
    for (;;) {
      const page = await c.get(`/appointments/cursor?first=37&sort_by=created_at${after}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      for (const item of page.body.data) {
        const one = await c.get(`/appointments/${item.id}`);
        assert.equal(JSON.stringify(item), JSON.stringify(one.body), item.id);
      }
      seen += page.body.data.length;
      if (!page.body.page_info.has_next_page) break;
      after = `&after=${page.body.page_info.end_cursor}`;
    }
    assert.equal(seen, rows.length);
  });
});
