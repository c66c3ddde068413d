// Every availability face respects holds: a held start disappears from free-time, location availability
// and FHIR Slot search, and comes back the instant the hold expires.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, newOrg, testPool } from '../helpers.ts';
import { makeLocation, makeOperatory, makeProvider } from '../factories.ts';
import { encodeScheduleId } from '../../src/fhir/domain/ids.ts';
import { fhirGet } from '../fhir/fhir-client.ts';

after(closeTestApp);

const DATE = '2026-03-12';
const START = '2026-03-12T09:00:00-04:00';

describe('holds in every availability face', () => {
  it('a hold removes its start from free-time, location availability and FHIR Slot search until it expires', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const op = await makeOperatory(c.orgId, loc.id, 'Only chair');
    const dr = await makeProvider(c.orgId);
    assert.equal((await c.post('/schedule/templates', {
      provider_uuid: dr.id, location_uuid: loc.id, day_of_week: 3, start_time: '09:00', end_time: '10:00', effective_from: '2026-01-01',
    })).status, 201);
    const type = (await c.post('/appointment-types', { name: 'Visit', duration_minutes: 30 })).body;
    await c.patch(`/locations/${loc.id}`, { base_version: 1, default_appointment_type_uuid: type.id });
    const schedule = encodeScheduleId({ locationId: loc.id, providerId: dr.id });

    const faces = async () => ({
      freeTime: ((await c.get(`/schedule/free-time?location_uuid=${loc.id}&date_from=${DATE}&date_to=${DATE}&step_minutes=30`)).body.items as { start_at: string }[])
        .map((s) => s.start_at),
      location: ((await c.get(`/locations/${loc.id}/availability?start_date=${DATE}&end_date=${DATE}`)).body.days as { slots: { start: string }[] }[])
        .flatMap((d) => d.slots.map((s) => s.start)),
      fhir: ((await fhirGet(c.app, c.orgId, `/Slot?schedule=Schedule/${schedule}&start=${DATE}&end=${DATE}&duration=30`, c.token)).body.entry ?? [])
        .filter((e: { search: { mode: string } }) => e.search.mode === 'match').map((e: { resource: { start: string } }) => e.resource.start),
    });
    const both = [START, '2026-03-12T09:30:00-04:00'];
    assert.deepEqual(await faces(), { freeTime: both, location: both, fhir: both });

    const hold = await c.post('/holds', { location_uuid: loc.id, operatory_uuid: op.id, schedule_date: DATE, start_time: '09:00', end_time: '09:30' });
    assert.equal(hold.status, 201);
    const rest = ['2026-03-12T09:30:00-04:00'];
    assert.deepEqual(await faces(), { freeTime: rest, location: rest, fhir: rest });

    await testPool().query("UPDATE holds SET expires_at = now() - interval '1 second' WHERE org_id = $1", [c.orgId]);
    assert.deepEqual(await faces(), { freeTime: both, location: both, fhir: both });
  });

  it('a hold on a provider alone (another chair elsewhere) removes that provider\'s starts', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const far = await makeLocation(c.orgId, { name: 'Elsewhere' });
    await makeOperatory(c.orgId, loc.id, 'Here');
    const there = await makeOperatory(c.orgId, far.id, 'There');
    const dr = await makeProvider(c.orgId);
    await c.post('/schedule/templates', { provider_uuid: dr.id, location_uuid: loc.id, day_of_week: 3, start_time: '09:00', end_time: '10:00', effective_from: '2026-01-01' });
    const search = async () => ((await c.get(`/schedule/free-time?location_uuid=${loc.id}&date_from=${DATE}&date_to=${DATE}&duration_minutes=30&step_minutes=30`))
      .body.items as { start_at: string }[]).map((s) => s.start_at);
    assert.equal((await search()).length, 2);
    assert.equal((await c.post('/holds', {
      location_uuid: far.id, operatory_uuid: there.id, provider_uuids: [dr.id], schedule_date: DATE, start_time: '09:30', end_time: '10:00',
    })).status, 201);
    assert.deepEqual(await search(), [START]);
  });
});
