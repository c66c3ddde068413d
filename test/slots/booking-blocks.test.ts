import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeTestApp, firstIssue, newOrg } from '../helpers.ts';
import { makeLocation, makeOperatory, makeProvider, makeUserToken } from '../factories.ts';
import { makeSlotPractice } from './slot-fixtures.ts';

after(closeTestApp);

const ids = (refs: { id: string }[]) => refs.map((r) => r.id);

describe('booking blocks', () => {
  it('POST /booking-blocks returns 201 with chairs in display order, providers by name, the type and metadata; GET returns it', async () => {
    const p = await makeSlotPractice();
    const b = p.block;
    assert.deepEqual(Object.keys(b).sort(), [
      'appointment_type', 'created_at', 'id', 'location', 'metadata', 'name', 'operatories', 'providers', 'updated_at', 'version',
    ]);
    assert.deepEqual([b.name, b.location, b.appointment_type, b.metadata, b.version],
      ['New patients', { id: p.loc.id, name: 'Main Street' }, { id: p.type.id, name: 'Exam' }, { source: 'test' }, 1]);
    assert.deepEqual(ids(b.operatories), p.ops.map((o) => o.id));
    // Hal Hygiene sorts before Dana Molar by last name.
    assert.deepEqual(b.providers, [{ id: p.hygienist.id, name: 'Hal Hygiene' }, { id: p.dentist.id, name: 'Dana Molar' }]);
    const got = await p.c.get(`/booking-blocks/${b.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, b);
  });

  it('GET /booking-blocks lists by name with the location filter and house paging', async () => {
    const p = await makeSlotPractice();
    const other = await makeLocation(p.c.orgId, { name: 'Uptown' });
    const op = await makeOperatory(p.c.orgId, other.id, 'Up 1');
    for (const name of ['Emergencies', 'Hygiene']) {
      assert.equal((await p.c.post('/booking-blocks', { name, location_uuid: other.id, operatory_uuids: [op.id] })).status, 201);
    }
    const all = await p.c.get('/booking-blocks?page_size=2');
    assert.deepEqual([all.body.items.map((x: { name: string }) => x.name), all.body.page, all.body.page_size, all.body.total],
      [['Emergencies', 'Hygiene'], 1, 2, 3]);
    assert.deepEqual((await p.c.get('/booking-blocks?page=2&page_size=2')).body.items.map((x: { name: string }) => x.name), ['New patients']);
    const uptown = await p.c.get(`/booking-blocks?location_uuid=${other.id}`);
    assert.deepEqual([uptown.body.total, uptown.body.items[0].providers, uptown.body.items[0].appointment_type], [2, [], null]);
  });

  it('references are checked: 404 unknown location, operatory or provider; 422 a chair of another location or no chair', async () => {
    const p = await makeSlotPractice();
    const other = await makeLocation(p.c.orgId, { name: 'Uptown' });
    const far = await makeOperatory(p.c.orgId, other.id, 'Up 1');
    const body = { name: 'X', location_uuid: p.loc.id, operatory_uuids: [p.ops[0]!.id] };
    const cases: [Record<string, unknown>, number, (string | number)[]][] = [
      [{ location_uuid: randomUUID() }, 404, ['body', 'location_uuid']],
      [{ operatory_uuids: [p.ops[0]!.id, randomUUID()] }, 404, ['body', 'operatory_uuids', 1]],
      [{ operatory_uuids: [far.id] }, 422, ['body', 'operatory_uuids', 0]],
      [{ operatory_uuids: [] }, 422, ['body', 'operatory_uuids']],
      [{ provider_uuids: [randomUUID()] }, 404, ['body', 'provider_uuids', 0]],
      [{ appointment_type_uuid: randomUUID() }, 404, ['body', 'appointment_type_uuid']],
      [{ metadata: { n: 1 } }, 422, ['body', 'metadata', 'n']],
    ];
    for (const [over, status, loc] of cases) {
      const res = await p.c.post('/booking-blocks', { ...body, ...over });
      assert.equal(res.status, status, JSON.stringify(over));
      assert.deepEqual(firstIssue(res).loc, loc, JSON.stringify(over));
    }
    assert.equal((await p.c.get('/booking-blocks')).body.total, 1);
  });

  it('PATCH replaces the lists and clears the type at base_version (200, version 2); stale → 409, location → 422', async () => {
    const p = await makeSlotPractice();
    const zed = await makeProvider(p.c.orgId, { first_name: 'Zoe', last_name: 'Zed' });
    const res = await p.c.patch(`/booking-blocks/${p.block.id}`, {
      base_version: 1, name: 'Walk-ins', operatory_uuids: [p.ops[2]!.id, p.ops[1]!.id], provider_uuids: [zed.id, p.dentist.id],
      appointment_type_uuid: null, metadata: {},
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.name, ids(res.body.operatories), ids(res.body.providers), res.body.appointment_type, res.body.metadata, res.body.version],
      ['Walk-ins', [p.ops[1]!.id, p.ops[2]!.id], [p.dentist.id, zed.id], null, {}, 2]);
    const stale = await p.c.patch(`/booking-blocks/${p.block.id}`, { base_version: 1, name: 'Late' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    const moved = await p.c.patch(`/booking-blocks/${p.block.id}`, { base_version: 2, location_uuid: p.loc.id });
    assert.equal(moved.status, 422);
    assert.equal(firstIssue(moved).type, 'extra_forbidden');
    assert.equal((await p.c.get(`/booking-blocks/${p.block.id}`)).body.name, 'Walk-ins');
  });

  it('another organisation, and a user limited to other locations, get 404; the list hides the block from them', async () => {
    const p = await makeSlotPractice();
    const stranger = await newOrg();
    assert.equal((await stranger.get(`/booking-blocks/${p.block.id}`)).status, 404);
    assert.equal((await stranger.patch(`/booking-blocks/${p.block.id}`, { base_version: 1, name: 'Mine' })).status, 404);
    assert.equal((await stranger.delete(`/booking-blocks/${p.block.id}`)).status, 404);
    const other = await makeLocation(p.c.orgId, { name: 'Uptown' });
    const limited = p.c.as((await makeUserToken(p.c.orgId, 'staff', [other.id])).token);
    assert.equal((await limited.get(`/booking-blocks/${p.block.id}`)).status, 404);
    assert.equal((await limited.get('/booking-blocks')).body.total, 0);
    assert.equal((await limited.post('/booking-blocks', { name: 'X', location_uuid: p.loc.id, operatory_uuids: [p.ops[0]!.id] })).status, 404);
    assert.equal((await p.c.get(`/booking-blocks/${p.block.id}`)).body.version, 1);
  });

  it('a token limited to availability:read may read blocks (200) but not write them (403); a viewer may not write (403)', async () => {
    const p = await makeSlotPractice();
    const scoped = p.c.as((await p.c.post(`/users/${p.c.adminUserId}/tokens`, { scopes: ['availability:read'] })).body.token);
    assert.equal((await scoped.get(`/booking-blocks/${p.block.id}`)).status, 200);
    assert.equal((await scoped.get('/booking-blocks')).status, 200);
    assert.equal((await scoped.post('/booking-blocks', { name: 'X', location_uuid: p.loc.id, operatory_uuids: [p.ops[0]!.id] })).status, 403);
    const viewer = p.c.as((await makeUserToken(p.c.orgId, 'viewer')).token);
    assert.equal((await viewer.delete(`/booking-blocks/${p.block.id}`)).status, 403);
  });

  it('DELETE answers 409 in_use while the block has slots, then 204, then 404', async () => {
    const p = await makeSlotPractice();
    const slot = await p.slot();
    const busy = await p.c.delete(`/booking-blocks/${p.block.id}`);
    assert.equal(busy.status, 409);
    assert.equal(firstIssue(busy).type, 'in_use');
    assert.equal((await p.c.delete(`/slots/${slot.id}`)).status, 204);
    assert.equal((await p.c.delete(`/booking-blocks/${p.block.id}`)).status, 204);
    assert.equal((await p.c.get(`/booking-blocks/${p.block.id}`)).status, 404);
    assert.equal((await p.c.delete(`/booking-blocks/${p.block.id}`)).status, 404);
  });
});
