// A practice with a bookable service, for the services tests: a location, chairs, providers working every day,
// a patient, and helpers for the surface's routes.
import assert from 'node:assert/strict';
import { Client, newOrg, type Res } from '../helpers.ts';
import { makeLocation, makeOperatory, makeProvider } from '../factories.ts';
import type { Api } from '../../src/core/http/deps.ts';

export interface PracticeOptions {
  zone?: string;
  chairs?: number;
  providers?: number;
  /** Working hours of every provider, every day. */
  hours?: [string, string];
}

/** A fresh organisation seen through `app` (its clock), with a location, chairs, providers, a patient. */
export async function servicePractice(app: Api, o: PracticeOptions = {}) {
  const org = await newOrg('Services');
  const c = new Client(app, org.orgId, org.token);
  const loc = await makeLocation(c.orgId, { timezone: o.zone ?? 'America/New_York' });
  const ops = [];
  for (let i = 0; i < (o.chairs ?? 2); i++) ops.push(await makeOperatory(c.orgId, loc.id, { name: `Op ${i + 1}`, item_order: i }));
  const providers = [];
  for (let i = 0; i < (o.providers ?? 2); i++) {
    const p = await makeProvider(c.orgId, { first_name: 'Doc', last_name: `P${String(i).padStart(2, '0')}` });
    providers.push(p);
    for (let day = 0; day < 7; day++) {
      const res = await c.post('/schedule/templates', {
        provider_uuid: p.id, location_uuid: loc.id, day_of_week: day, start_time: o.hours?.[0] ?? '08:00', end_time: o.hours?.[1] ?? '17:00',
        effective_from: '2026-01-01',
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
  }
  const patient = (await c.post('/patients', { first_name: 'Pat', last_name: 'Ient' })).body;
  return { c, adminUserId: org.adminUserId, loc, ops, providers, patient };
}

/** Creates a service (201 expected) and returns its JSON. */
export async function makeService(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/services', { name: 'Cleaning', duration_minutes: 60, ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.data;
}

/** A time slot entry of a batch, times on the placeholder date. */
export function slot(day: number, start: string, end: string, max = 5, id?: number) {
  return { ...(id === undefined ? {} : { id }), day_of_week: day, start_time: `2023-01-01 ${start}:00`, end_time: `2023-01-01 ${end}:00`, max_bookings: max };
}

/** Writes time slots of a service (200 expected) and returns them. */
export async function saveSlots(c: Client, serviceId: number, slots: object[]) {
  const res = await c.patch('/time-slots', { service_id: serviceId, time_slots: slots });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data;
}

/** The 400 of this surface: the house body, the first issue returned. */
export function bad(res: Res): { loc: (string | number)[]; msg: string; type: string } {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.ok(Array.isArray(res.body.detail) && res.body.detail.length > 0, JSON.stringify(res.body));
  return res.body.detail[0];
}
