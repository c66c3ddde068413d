// Holds race with bookings and with each other: 50 clients holding, converting, releasing and booking
// directly over the same few openings. Whatever the interleaving, no two holds, and no hold and
// appointment, ever share chair or provider time, and every converted hold became exactly one appointment.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, testPool, type Res } from '../helpers.ts';
import { makePractice } from '../factories.ts';
import { seededRandom } from '../../src/core/random.ts';

after(closeTestApp);

const CLIENTS = 50;
const ATTEMPTS = 200;
const DATES = ['2026-03-13', '2026-03-16'];
const wall = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

describe('hold race', () => {
  it(`${CLIENTS} clients holding, converting, releasing and booking the same openings never double-book a chair or a provider`, async () => {
    const p = await makePractice();
    const rnd = seededRandom(20261203);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const providers = [p.dentist.id, p.hygienist.id];
    // Two mornings of sixteen 15-minute starts, 15 to 45 minutes long: plenty of partial overlaps.
    const range = () => {
      const start = 8 * 60 + 15 * Math.floor(rnd() * 16);
      return { date: pick(DATES), start, end: start + 15 * (1 + Math.floor(rnd() * 3)) };
    };
    const conversions: { hold: Res; booking: Res }[] = [];
    const directs: Res[] = [];
    const plans = Array.from({ length: ATTEMPTS }, () => ({
      ...range(), chair: rnd() < 0.7 ? pick(p.ops).id : null, provider: rnd() < 0.6 ? pick(providers) : null,
      what: pick(['convert', 'convert', 'convert', 'convert', 'release', 'keep', 'direct', 'direct'] as const),
    }));

    let next = 0;
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next < plans.length) {
        const a = plans[next++]!;
        const time = { schedule_date: a.date, start_time: wall(a.start), end_time: wall(a.end) };
        if (a.what === 'direct') {
          directs.push(await p.c.post('/appointments', {
            ...p.body({ ...time, operatory_uuid: a.chair ?? p.ops[0]!.id }), ...(a.provider ? { provider_uuid: a.provider } : {}),
          }));
          continue;
        }
        const hold = await p.c.post('/holds', {
          location_uuid: p.loc.id, ...time, ...(a.chair ? { operatory_uuid: a.chair } : {}), ...(a.provider ? { provider_uuids: [a.provider] } : {}),
        });
        assert.ok(hold.status === 201 || hold.status === 409, JSON.stringify(hold.body));
        if (hold.status !== 201) continue;
        if (a.what === 'release') assert.equal((await p.c.delete(`/holds/${hold.body.id}`)).status, 204);
        if (a.what === 'convert') {
          const booking = await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, hold_token: hold.body.hold_token });
          conversions.push({ hold, booking });
        }
      }
    }));

    // Every conversion of a live hold succeeds: nobody else could take its place meanwhile.
    assert.ok(conversions.length > 15, `a real contest: ${conversions.length} conversions`);
    for (const c of conversions) assert.equal(c.booking.status, 201, JSON.stringify(c.booking.body));
    for (const d of directs) assert.ok(d.status === 201 || d.status === 409, JSON.stringify(d.body));
    assert.ok(directs.some((d) => d.status === 409), 'some direct bookings met a hold or a booking');

    // Each converted hold is exactly one appointment, in its place, and is gone.
    const { rows: converted } = await testPool().query(`
      SELECT h.changes->>'hold_id' AS hold_id, a.id, a.operatory_id, a.start_at, a.end_at
        FROM appointment_history h JOIN appointments a ON a.org_id = h.org_id AND a.id = h.appointment_id
       WHERE h.org_id = $1 AND h.action = 'created' AND h.changes ? 'hold_id'`, [p.c.orgId]);
    assert.equal(converted.length, conversions.length);
    assert.equal(new Set(converted.map((r) => r.hold_id)).size, conversions.length);
    for (const c of conversions) {
      const row = converted.find((r) => r.id === c.booking.body.id)!;
      assert.deepEqual([row.hold_id, row.operatory_id, Date.parse(row.start_at), Date.parse(row.end_at)],
        [c.hold.body.id, c.hold.body.operatory.id, Date.parse(c.hold.body.start_at), Date.parse(c.hold.body.end_at)]);
    }
    const { rows: [left] } = await testPool().query('SELECT count(*)::int AS n FROM holds WHERE org_id = $1 AND id = ANY($2::uuid[])',
      [p.c.orgId, conversions.map((c) => c.hold.body.id)]);
    assert.equal(left.n, 0);

    // The database, independently: live holds and chair-occupying appointments never share a chair or a provider's time.
    const { rows: [clashes] } = await testPool().query(`
      WITH taken AS (
        SELECT 'a:' || a.id AS key, a.operatory_id, tstzrange(a.start_at, a.end_at) AS r,
               array(SELECT ap.provider_id FROM appointment_providers ap WHERE ap.org_id = a.org_id AND ap.appointment_id = a.id) AS providers
          FROM appointments a WHERE a.org_id = $1 AND a.status IN ('scheduled', 'complete')
        UNION ALL
        SELECT 'h:' || h.id, h.operatory_id, tstzrange(h.start_at, h.end_at),
               array(SELECT hp.provider_id FROM hold_providers hp WHERE hp.org_id = h.org_id AND hp.hold_id = h.id)
          FROM holds h WHERE h.org_id = $1 AND h.expires_at > now())
      SELECT count(*) FILTER (WHERE x.operatory_id = y.operatory_id)::int AS chairs,
             count(*) FILTER (WHERE x.providers && y.providers)::int AS providers
        FROM taken x JOIN taken y ON x.key < y.key AND x.r && y.r`, [p.c.orgId]);
    assert.deepEqual(clashes, { chairs: 0, providers: 0 });
  });
});
