// The lost-update requirement: writers that all read the same version race; exactly one wins, the
// others get 409 version_conflict, the version rises by one and exactly one history entry is written.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, testPool, type Res } from '../helpers.ts';
import { makePractice } from '../factories.ts';

after(closeTestApp);

const WRITERS = 20;

async function history(appointmentId: string): Promise<{ action: string; changes: Record<string, { old: unknown; new: unknown }> }[]> {
  const { rows } = await testPool().query(
    'SELECT action, changes FROM appointment_history WHERE appointment_id = $1 ORDER BY created_at, id', [appointmentId]);
  return rows;
}

/** Splits responses into the one winner (asserting there is exactly one) and the losers (asserting each is a 409 version_conflict). */
function oneWinner(responses: Res[], okStatus = 200): { winner: Res; index: number } {
  const winners = responses.map((r, index) => ({ r, index })).filter(({ r }) => r.status < 300);
  assert.equal(winners.length, 1, `statuses: ${responses.map((r) => r.status).join(' ')}`);
  assert.equal(winners[0]!.r.status, okStatus);
  for (const r of responses.filter((x) => x.status >= 300)) {
    assert.equal(r.status, 409, JSON.stringify(r.body));
    assert.equal(r.body.detail[0].type, 'version_conflict');
    assert.deepEqual(r.body.detail[0].loc, ['body', 'base_version']);
  }
  return { winner: winners[0]!.r, index: winners[0]!.index };
}

describe('lost update', () => {
  it(`${WRITERS} concurrent PATCHes of an appointment with the same base_version: one 200, the rest 409 version_conflict, version 2 and one history entry`, async () => {
    const { c, body } = await makePractice();
    const appt = (await c.post('/appointments', body())).body;
    assert.equal(appt.version, 1);

    const responses = await Promise.all(Array.from({ length: WRITERS }, (_, i) =>
      c.patch(`/appointments/${appt.id}`, { base_version: 1, note: `writer ${i}`, priority: i })));
    const { winner, index } = oneWinner(responses);
    assert.equal(winner.body.version, 2);
    assert.equal(winner.body.note, `writer ${index}`);
    for (const r of responses.filter((x) => x.status === 409)) assert.match(r.body.detail[0].msg, /current version is 2/);

    const { rows: [row] } = await testPool().query('SELECT version, note, priority FROM appointments WHERE id = $1', [appt.id]);
    assert.deepEqual(row, { version: 2, note: `writer ${index}`, priority: index }, 'the stored row is the winner\'s, whole');
    const entries = await history(appt.id);
    assert.deepEqual(entries.map((e) => e.action), ['created', 'updated']);
    assert.deepEqual(entries[1]!.changes.note, { old: '', new: `writer ${index}` });
  });

  it('different writes racing on one base_version (PATCH, move, cancel, transition, pinboard, confirmation): exactly one wins and writes one history entry', async () => {
    const { c, body, ops } = await makePractice();
    const appt = (await c.post('/appointments', body())).body;
    const [confirmed] = (await c.get('/appointments/confirmation-statuses')).body.items;
    const url = `/appointments/${appt.id}`;
    const writes = [
      () => c.patch(url, { base_version: 1, note: 'patched' }),
      () => c.post(`${url}/move`, { base_version: 1, schedule_date: '2026-03-11', start_time: '09:00', end_time: '10:00', operatory_uuid: ops[1]!.id }),
      () => c.post(`${url}/cancel`, { base_version: 1, cancelled_by: 'patient' }),
      () => c.post(`${url}/transition`, { base_version: 1, status: 'complete' }),
      () => c.post(`${url}/pinboard`, { base_version: 1 }),
      () => c.patch(`${url}/confirmation-status`, { base_version: 1, confirmation_status_uuid: confirmed.id }),
    ];
    const responses = await Promise.all(Array.from({ length: WRITERS }, (_, i) => writes[i % writes.length]!()));
    const { winner } = oneWinner(responses);
    assert.equal(winner.body.version, 2);
    const { rows: [row] } = await testPool().query('SELECT version FROM appointments WHERE id = $1', [appt.id]);
    assert.equal(row.version, 2);
    const entries = await history(appt.id);
    assert.equal(entries.length, 2, JSON.stringify(entries.map((e) => e.action)));
    assert.equal(entries[0]!.action, 'created');
  });

  it(`${WRITERS} concurrent PATCHes of a location with the same base_version: one 200, the rest 409, version 2`, async () => {
    const { c, loc } = await makePractice();
    const responses = await Promise.all(Array.from({ length: WRITERS }, (_, i) =>
      c.patch(`/locations/${loc.id}`, { base_version: 1, name: `Renamed ${i}` })));
    const { winner, index } = oneWinner(responses);
    assert.equal(winner.body.version, 2);
    const { rows: [row] } = await testPool().query('SELECT version, name FROM locations WHERE id = $1', [loc.id]);
    assert.deepEqual(row, { version: 2, name: `Renamed ${index}` });
  });
});
