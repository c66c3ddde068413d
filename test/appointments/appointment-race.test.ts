// The race requirement: many clients booking and moving into the same chairs at once can never
// produce two overlapping appointments, and every refused request is refused with 409 for a real conflict.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, testPool, type Res } from '../helpers.ts';
import { makePractice } from '../factories.ts';
import { seededRandom } from '../../src/core/random.ts';

after(closeTestApp);

const CLIENTS = 50;
const CREATES = 300;
const MOVES = 100;
/** Five mornings, so the chairs fill slowly and many requests meet while slots are still open. */
const DATES = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'];

const wall = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

interface Attempt {
  kind: 'create' | 'move';
  date: string;
  operatoryId: string;
  providerId: string | null;
  /** Minutes after local midnight, half-open [start, end). */
  start: number;
  end: number;
  send: () => Promise<Res>;
  res?: Res;
}

const overlaps = (a: Attempt, b: Attempt) => a.date === b.date && a.start < b.end && b.start < a.end;
/** Two bookings that may not both stand: the same chair, or the same provider (no time pattern: busy throughout). */
const clash = (a: Attempt, b: Attempt) => overlaps(a, b) && (a.operatoryId === b.operatoryId || (a.providerId !== null && a.providerId === b.providerId));

describe('appointment race', () => {
  it(`${CLIENTS} concurrent clients firing ${CREATES} creates and ${MOVES} moves at three chairs: winners are stored, none overlap, every loser got 409 for a real clash`, async () => {
    const p = await makePractice();
    const rnd = seededRandom(20260312);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const providers = [p.dentist.id, p.hygienist.id, null] as const;
    // Mornings on a 10-minute grid: starts 08:00–11:50, 10 to 60 minutes long.
    const slot = () => {
      const start = 8 * 60 + 10 * Math.floor(rnd() * 24);
      return { date: pick(DATES), start, end: start + 10 * (1 + Math.floor(rnd() * 6)) };
    };

    const attempts: Attempt[] = [];
    for (let i = 0; i < CREATES; i++) {
      const { date, start, end } = slot();
      const operatoryId = pick(p.ops).id;
      const providerId = pick(providers);
      attempts.push({
        kind: 'create', date, operatoryId, providerId, start, end,
        send: () => p.c.post('/appointments', {
          ...p.body({ operatory_uuid: operatoryId, schedule_date: date, start_time: wall(start), end_time: wall(end) }),
          ...(providerId ? { provider_uuid: providerId } : {}),
        }),
      });
    }
    // Unscheduled appointments (no chair yet), each moved once into the morning.
    const movable = await Promise.all(Array.from({ length: MOVES }, async () => {
      const providerId = pick(providers);
      const res = await p.c.post('/appointments', { patient_uuid: p.patient.id, location_uuid: p.loc.id, ...(providerId ? { provider_uuid: providerId } : {}) });
      assert.equal(res.body.status, 'unscheduled');
      return { id: res.body.id as string, providerId };
    }));
    for (const m of movable) {
      const { date, start, end } = slot();
      const operatoryId = pick(p.ops).id;
      attempts.push({
        kind: 'move', date, operatoryId, providerId: m.providerId, start, end,
        send: () => p.c.post(`/appointments/${m.id}/move`, {
          base_version: 1, schedule_date: date, start_time: wall(start), end_time: wall(end), operatory_uuid: operatoryId,
        }),
      });
    }
    for (let i = attempts.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [attempts[i], attempts[j]] = [attempts[j]!, attempts[i]!];
    }

    let next = 0;
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next < attempts.length) {
        const a = attempts[next++]!;
        a.res = await a.send();
      }
    }));

    const winners = attempts.filter((a) => a.res!.status < 300);
    const losers = attempts.filter((a) => a.res!.status >= 300);
    assert.ok(winners.length > 20 && losers.length > 100, `a real contest: ${winners.length} won, ${losers.length} lost`);
    for (const a of winners) assert.equal(a.res!.status, a.kind === 'create' ? 201 : 200);
    for (const a of losers) {
      assert.equal(a.res!.status, 409, JSON.stringify(a.res!.body));
      assert.equal(a.res!.body.detail[0].type, 'slot_conflict');
    }

    // What the API reported: no two successful bookings clash.
    const reported = winners.flatMap((a, i) => winners.slice(i + 1).filter((b) => clash(a, b)).map((b) => [a.res!.body.id, b.res!.body.id]));
    assert.deepEqual(reported, [], 'successful responses that overlap');

    // Every winner is in the database as reported.
    const ids = winners.map((a) => a.res!.body.id as string);
    const { rows } = await testPool().query(`
      SELECT id, status, operatory_id, start_at, end_at FROM appointments WHERE org_id = $1 AND id = ANY($2::uuid[])`, [p.c.orgId, ids]);
    const stored = new Map(rows.map((r) => [r.id, r]));
    for (const a of winners) {
      const r = stored.get(a.res!.body.id);
      assert.ok(r, `winner ${a.res!.body.id} is missing`);
      assert.equal(r.status, 'scheduled');
      assert.equal(r.operatory_id, a.operatoryId);
      assert.equal(Date.parse(r.start_at), Date.parse(a.res!.body.start_time));
      assert.equal(Date.parse(r.end_at), Date.parse(a.res!.body.end_time));
    }
    const { rows: [counts] } = await testPool().query(`
      SELECT count(*) FILTER (WHERE status = 'scheduled')::int AS scheduled, count(*) FILTER (WHERE status = 'unscheduled' AND version = 1)::int AS unmoved
        FROM appointments WHERE org_id = $1`, [p.c.orgId]);
    assert.deepEqual(counts, { scheduled: winners.length, unmoved: losers.filter((a) => a.kind === 'move').length }, 'losers wrote nothing');

    // The database agrees, independently of what the API said: no chair and no provider is double-booked.
    const { rows: [db] } = await testPool().query(`
      WITH live AS (SELECT * FROM appointments WHERE org_id = $1 AND status IN ('scheduled', 'complete'))
      SELECT (SELECT count(*) FROM live a JOIN live b ON a.operatory_id = b.operatory_id AND a.id < b.id
               WHERE tstzrange(a.start_at, a.end_at) && tstzrange(b.start_at, b.end_at))::int AS chairs,
             (SELECT count(*) FROM live a JOIN appointment_providers pa ON pa.org_id = a.org_id AND pa.appointment_id = a.id
                JOIN appointment_providers pb ON pb.org_id = a.org_id AND pb.provider_id = pa.provider_id AND pb.appointment_id > a.id
                JOIN live b ON b.id = pb.appointment_id
               WHERE tstzrange(a.start_at, a.end_at) && tstzrange(b.start_at, b.end_at))::int AS providers`, [p.c.orgId]);
    assert.deepEqual(db, { chairs: 0, providers: 0 });

    // Exactly one winner per contested slot: every loser clashes with a winner (nothing was refused needlessly).
    const needless = losers.filter((l) => !winners.some((w) => clash(l, w)));
    assert.deepEqual(needless.map((l) => l.res!.body), []);
  });
});
