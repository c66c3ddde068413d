// The live page's notices (notifyAppointmentChange) on a real PostgreSQL: every change is announced once, and
// the changes queued while earlier notices are still on their way go together in one statement.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPool } from '../../src/core/db/client.ts';
import { APPOINTMENT_CHANNEL, notifyAppointmentChange } from '../../src/web/db/appointment-changes.ts';

const url = process.env.TEST_DATABASE_URL!;
const pools: pg.Pool[] = [];
after(async () => {
  for (const p of pools) await p.end();
});

const turn = () => new Promise((r) => setImmediate(r));

describe('appointment change notices', () => {
  it('sends the changes queued while a send is under way in the next single statement, and loses none', async () => {
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    const heard: string[] = [];
    const org = randomUUID(); // other test files' changes go on the same channel: hear only this organisation's
    listener.on('notification', (n) => {
      const notice = JSON.parse(n.payload!);
      if (notice.org_id === org) heard.push(notice.appointment_id);
    });
    await listener.query(`LISTEN ${APPOINTMENT_CHANNEL}`);
    try {
      const pool = createPool(url, 1);
      pools.push(pool);
      const held = await pool.connect(); // the pool's one connection is busy: the first send waits for it
      let statements = 0;
      pool.on('acquire', () => statements++);
      const ids = Array.from({ length: 40 }, () => randomUUID());
      for (const [i, id] of ids.entries()) {
        // A deleted appointment: its notice is for the place it had (one per change).
        notifyAppointmentChange(pool, { orgId: org, appointmentId: id, action: 'deleted', before: { location_id: org, schedule_date: '2026-12-04' } });
        if (i % 10 === 9) await turn(); // four turns of the event loop, the first of which starts a send
      }
      held.release();
      for (const t0 = Date.now(); heard.length < ids.length && Date.now() - t0 < 5000;) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual([...heard].sort(), [...ids].sort(), 'every change announced once');
      assert.equal(statements, 2, 'the first turn\'s ten, then the thirty queued while it waited');
    } finally {
      await listener.end();
    }
  });
});
