// hold-book: an online booking's two steps — hold a free time, then book it with the hold's token — by 10
// clients at random free times, against a floor sending the same statements for both steps on a bare pool.
import type pg from 'pg';
import { checkConflicts } from '../../src/appointments/domain/conflicts.ts';
import { loadConflictContext } from '../../src/appointments/db/appointment-conflicts.ts';
import { claimHold, findHoldByToken } from '../../src/appointments/db/hold-claims.ts';
import { lockSlot } from '../../src/appointments/commands/appointment-slot.ts';
import { authenticate } from '../../src/core/db/authenticate.ts';
import { holdTokenHash, newHoldToken } from '../../src/core/tokens.ts';
import { insertHold } from '../../src/holds/db/holds.ts';
import { insertBookingRows, type Booking } from '../booking.ts';
import { measureFloor, type FloorOp } from '../floor.ts';
import { BENCH_CLIENT, BENCH_NOTE, deleteBenchAppointments, weekdays, type Practice } from '../fixtures.ts';
import { measureHttp, type HttpRequest } from '../http-load.ts';
import { comparedRun, type BenchContext, type Scenario } from '../scenario.ts';
import { freeSlots, sequence } from './book.ts';

const CLIENTS = 10;

function holdRequest(b: Booking): HttpRequest {
  return {
    method: 'POST', path: '/holds',
    body: {
      location_uuid: b.location.id, operatory_uuid: b.operatoryId, ...(b.providerId ? { provider_uuids: [b.providerId] } : {}),
      schedule_date: b.date, start_time: b.startTime, end_time: b.endTime, ttl_seconds: 300,
    },
  };
}

/** Whether the conflict function lets `b` go in now, under locks the caller holds. */
async function isFree(c: pg.PoolClient, p: Practice, b: Booking): Promise<boolean> {
  const providers = b.providerId ? [b.providerId] : [];
  const ctx = await loadConflictContext(c, p.orgId, b.location.id, b.operatoryId, providers, b.start, b.end, null);
  const mine = {
    id: null, operatoryId: b.operatoryId, typeId: null, start: b.start, end: b.end,
    providers: providers.map((providerId) => ({ providerId, intervals: [{ start: b.start, end: b.end }] })),
  };
  return !checkConflicts(mine, ctx.others, ctx.blockouts, ctx.rules, b.location.id, false, ctx.held).length;
}

/**
 * The floor, one request per call alternating per connection: a hold (token lookup; BEGIN; the chair and
 * provider locks; the conflict reads with live holds; INSERT hold and its provider; COMMIT), then its
 * conversion (token lookup; the hold by its token; BEGIN; the same locks; DELETE the hold; the conflict
 * reads; INSERT appointment, provider, history; COMMIT).
 */
function holdBookFloor(p: Practice, next: () => Booking): FloorOp {
  const pending = new WeakMap<pg.PoolClient, { b: Booking; token: string }>();
  return async (c) => {
    const { identity: who } = await authenticate(c, BENCH_CLIENT, p.orgId, p.tokenHash);
    if (!who) return '401';
    const held = pending.get(c);
    pending.delete(c);
    if (!held) {
      const b = next();
      const token = newHoldToken();
      await c.query('BEGIN');
      await lockSlot(c, p.orgId, b.operatoryId, b.providerId ? [b.providerId] : []);
      if (!(await isFree(c, p, b))) return c.query('ROLLBACK').then(() => '409');
      await insertHold(c, p.orgId, {
        locationId: b.location.id, operatoryId: b.operatoryId, providerIds: b.providerId ? [b.providerId] : [], date: b.date,
        startTime: b.startTime, endTime: b.endTime, startAt: new Date(b.start).toISOString(), endAt: new Date(b.end).toISOString(),
        ttlSeconds: 300, tokenHash: holdTokenHash(token)!, createdBy: who.user_id,
      });
      await c.query('COMMIT');
      pending.set(c, { b, token });
      return '201';
    }
    const hold = await findHoldByToken(c, p.orgId, holdTokenHash(held.token)!);
    await c.query('BEGIN');
    await lockSlot(c, p.orgId, held.b.operatoryId, held.b.providerId ? [held.b.providerId] : []);
    if (!hold || !(await claimHold(c, p.orgId, hold.id)) || !(await isFree(c, p, held.b))) return c.query('ROLLBACK').then(() => '409');
    await insertBookingRows(c, p, held.b, who.user_id);
    await c.query('COMMIT');
    return '201';
  };
}

export const holdBookScenario: Scenario = {
  id: 'hold-book', title: 'hold a free time, then book it with the hold token', usesServer: true,
  async run(ctx: BenchContext) {
    const { practice: p, seed } = ctx;
    const slots = await freeSlots(ctx, weekdays(seed.firstDate, seed.lastDate));
    await deleteBenchAppointments(ctx.pool, p.orgId);
    const next = sequence(slots);
    const chairtime = await measureHttp({
      serverPid: ctx.server!.pid, baseUrl: ctx.server!.baseUrl, orgId: p.orgId, token: seed.token, connections: CLIENTS, seconds: ctx.seconds,
      // Each connection alternates: a hold, then the booking that converts it with the token from the hold's answer.
      next: (context) => {
        const token = context.holdToken as string | undefined;
        context.holdToken = undefined;
        if (token) return { method: 'POST', path: '/appointments', body: { patient_uuid: context.patientId, location_uuid: context.locationId, hold_token: token, note: BENCH_NOTE } };
        const b = next();
        context.patientId = b.patientId;
        context.locationId = b.location.id;
        context.expectHold = true;
        return holdRequest(b);
      },
      onResponse: (status, body, context) => {
        if (context.expectHold && status === 201) context.holdToken = (JSON.parse(body) as { hold_token: string }).hold_token;
        context.expectHold = false;
      },
    });
    await ctx.pool.query('DELETE FROM holds WHERE org_id = $1', [p.orgId]);
    await deleteBenchAppointments(ctx.pool, p.orgId);
    const floor = await measureFloor(ctx.databaseUrl, CLIENTS, ctx.seconds, holdBookFloor(p, sequence(slots)));
    await ctx.pool.query('DELETE FROM holds WHERE org_id = $1', [p.orgId]);
    await deleteBenchAppointments(ctx.pool, p.orgId);
    return {
      id: 'hold-book', title: 'hold a free time, then book it with the hold token',
      runs: [comparedRun(`${CLIENTS} clients`, CLIENTS, chairtime, floor, 0.5)],
      targets: [],
      notes: [
        'Each connection alternates two requests: POST /holds on a distinct free quarter hour (as in book: hh:45–hh+1:00 of a seeded '
          + 'working hour, chair checked free), then POST /appointments with that hold\'s token. Requests per second count both.',
        'Floor, alternating per connection in the same way: the hold (token lookup; BEGIN; lockSlot; loadConflictContext with live '
          + 'holds and checkConflicts; INSERT hold and provider; COMMIT), then the conversion (token lookup; the hold by its token; '
          + 'BEGIN; lockSlot; DELETE the hold; the conflict read; INSERT appointment, provider, history; COMMIT). chairtime also '
          + 'checks references and reads both records back for their 201 bodies.',
      ],
    };
  },
};
