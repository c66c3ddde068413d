// POST /appointments answers with the appointment read back in the booking's transaction, as JSON text written by
// PostgreSQL in the statement the listeners share, instead of reading it again after the commit. Through the API:
// for creates of every kind (scheduled, unscheduled, planned, with a type's procedures, a provider, a hold, a
// confirmation status, odd text, an ask-to-arrive time in a zone with a 45-minute offset), the answer equals
// GET /appointments/{id} exactly; the separate read happens only where something wrote the row after that statement
// (the recall listener linking the patient's recall) — and the answer still shows the link.
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { closeTestApp } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice } from '../factories.ts';

after(closeTestApp);

// The names of the prepared statements any pg client of this process sends while `run` runs (the statements are
// real; only their names are noted).
const sent: string[] = [];
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
beforeEach(() => {
  (pg.Client.prototype as { query: unknown }).query = function noted(this: pg.Client, ...args: unknown[]) {
    const config = args[0] as { name?: string } | string;
    if (typeof config === 'object' && config?.name) sent.push(config.name);
    return original.apply(this, args);
  };
});
afterEach(() => {
  (pg.Client.prototype as { query: unknown }).query = original;
});
async function noting<T>(run: () => Promise<T>): Promise<{ result: T; names: string[] }> {
  sent.length = 0;
  const result = await run();
  return { result, names: [...sent] };
}

describe('the created appointment read back in the booking\'s transaction', () => {
  it('answers what GET /appointments/{id} answers, for creates of every kind, without reading it again', async () => {
    const p = await makePractice();
    const code = (await p.c.post('/procedure-codes', { code: 'D0120', description: 'Periodic evaluation', default_fee: 45.5 })).body;
    assert.ok(code.id, JSON.stringify(code));
    const typed = await p.c.patch(`/appointment-types/${p.type.id}`, { base_version: 1, procedure_codes_to_add: ['D0120'] });
    assert.equal(typed.status, 200, JSON.stringify(typed.body));
    const confirmed = (await p.c.post('/definitions', { category: 'ApptConfirmed', name: 'Texted "yes" \\ ok', color: '#00AA00' })).body;
    const kathmandu = await makeLocation(p.c.orgId, { name: 'Kathmandu', timezone: 'Asia/Kathmandu' });
    const kOp = await makeOperatory(p.c.orgId, kathmandu.id, 'K1');
    const hold = (await p.c.post('/holds', {
      location_uuid: p.loc.id, operatory_uuid: p.ops[2]!.id, schedule_date: '2026-03-12', start_time: '09:00', end_time: '09:30',
    })).body;
    assert.ok(hold.hold_token, JSON.stringify(hold));

    const bodies: Record<string, unknown>[] = [
      p.body(),
      p.body({ start_time: '11:00', end_time: '12:00', provider_uuid: p.dentist.id, appointment_type_uuid: p.type.id }),
      p.body({
        operatory_uuid: p.ops[1]!.id, confirmation_status_uuid: confirmed.id, note: 'two\nlines, "quoted" 🦷\u2028', priority: 2,
        is_new_patient: true, color_override: '#123456', ask_to_arrive_time: '09:45',
      }),
      { patient_uuid: p.patient.id, location_uuid: p.loc.id },
      { patient_uuid: p.patient.id, location_uuid: p.loc.id, status: 'planned', appointment_type_uuid: p.type.id, provider_uuid: p.hygienist.id },
      { patient_uuid: p.patient.id, location_uuid: kathmandu.id, operatory_uuid: kOp.id, schedule_date: '2026-03-29', start_time: '08:15', ask_to_arrive_time: '08:00', appointment_type_uuid: p.type.id },
      { patient_uuid: p.patient.id, location_uuid: p.loc.id, hold_token: hold.hold_token },
      // Across the spring-forward change in New York (02:00 → 03:00 on 2026-03-08).
      p.body({ schedule_date: '2026-03-08', start_time: '01:30', end_time: '03:30' }),
    ];
    for (const body of bodies) {
      const { result: created, names } = await noting(() => p.c.post('/appointments', body));
      assert.equal(created.status, 201, JSON.stringify({ body, answer: created.body }));
      const got = await p.c.get(`/appointments/${created.body.id}`);
      assert.deepEqual(created.body, got.body, JSON.stringify(body));
      assert.equal(created.headers['content-type'], got.headers['content-type']);
      assert.ok(names.some((n) => n.startsWith('appointment-listeners')), `${JSON.stringify(body)}: ${names.join(', ')}`);
      assert.ok(!names.includes('appointment-by-id'), `read again after the commit: ${JSON.stringify(body)}`);
    }
  });

  it('reads it again when the recall listener linked the patient\'s recall after the statement, and the answer shows the link', async () => {
    const p = await makePractice();
    const prophy = (await p.c.post('/recalls/types', { name: 'Prophy', appointment_type_uuid: p.type.id, default_interval: { months: 6 } })).body;
    const recall = (await p.c.post('/recalls/patient-recalls', { patient_uuid: p.patient.id, recall_type_uuid: prophy.id, date_due: '2026-02-01' })).body;
    const { result: created, names } = await noting(() => p.c.post('/appointments', p.body({ appointment_type_uuid: p.type.id })));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.recall, { id: recall.id, name: null });
    assert.deepEqual(created.body, (await p.c.get(`/appointments/${created.body.id}`)).body);
    assert.ok(names.includes('appointment-by-id'), names.join(', '));
  });
});
