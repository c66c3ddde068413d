// The practice most availability tests search: one location, two chairs, Ann and Bob working the same hours
// every day, and a patient; made through the API on a given app (its clock decides what is past).
import assert from 'node:assert/strict';
import type { Api } from '../../src/core/http/deps.ts';
import { Client, newOrg } from '../helpers.ts';
import { makeLocation, makeOperatory, makeProvider } from '../factories.ts';

export async function twoChairPractice(app: Api, zone = 'America/New_York', start = '08:00', end = '12:00') {
  const admin = await newOrg();
  const c = new Client(app, admin.orgId, admin.token);
  const loc = await makeLocation(c.orgId, { timezone: zone });
  const ops = [await makeOperatory(c.orgId, loc.id, { name: 'Op 1', item_order: 0 }), await makeOperatory(c.orgId, loc.id, { name: 'Op 2', item_order: 1 })];
  const ann = await makeProvider(c.orgId, { first_name: 'Ann', last_name: 'Able' });
  const bob = await makeProvider(c.orgId, { first_name: 'Bob', last_name: 'Baker' });
  for (const p of [ann, bob]) {
    for (let day = 0; day < 7; day++) {
      const res = await c.post('/schedule/templates', {
        provider_uuid: p.id, location_uuid: loc.id, day_of_week: day, start_time: start, end_time: end, effective_from: '2026-01-01',
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
  }
  const patient = (await c.post('/patients', { first_name: 'Pat', last_name: 'Ient' })).body;
  return { c, loc, ops, ann, bob, patient };
}
