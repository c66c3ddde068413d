import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { encodeScheduleId } from '../../src/fhir/domain/ids.ts';
import { issueToken } from '../../src/practice/commands/issue-token.ts';
import { closeTestApp, newOrg, testApp, testPool, type Client } from '../helpers.ts';
import { makeProvider, makeUserToken } from '../factories.ts';
import { fhirGet, outcomeText, workingProvider } from './fhir-client.ts';

after(closeTestApp);

const get = async (c: Client, path: string, token: string | null = c.token) => fhirGet(await testApp(), c.orgId, path, token);
const matches = (body: any) => (body.entry ?? []).map((e: any) => e.resource);

/**
 * An org with Main Street (New York, with address and phone) and Harbour (Los Angeles): Dana works at Main
 * Street by template, Hal at Harbour by one override, Ivy (archived) at Main Street by template; Zoe has no time anywhere.
 */
async function practice() {
  const c = await newOrg();
  const main = await workingProvider(c, 'America/New_York', 'Main Street');
  await main.template(0, '09:00', '17:00');
  assert.equal((await c.patch(`/locations/${main.loc.id}`, { base_version: 1, address: '1 Main St, Springfield', phone: '555-0100' })).status, 200);
  const harbour = await workingProvider(c, 'America/Los_Angeles', 'Harbour');
  const hal = await makeProvider(c.orgId, { first_name: 'Hal', last_name: 'Hygiene', provider_type: 'hygienist' });
  const override = await c.post('/schedule/overrides', {
    provider_uuid: hal.id, location_uuid: harbour.loc.id, override_date: '2026-03-20', start_time: '09:00', end_time: '12:00',
  });
  assert.equal(override.status, 201, JSON.stringify(override.body));
  const ivy = await makeProvider(c.orgId, { first_name: 'Ivy', last_name: 'Archived', is_active: false });
  await main.template(1, '09:00', '12:00', ivy.id);
  const zoe = await makeProvider(c.orgId, { first_name: 'Zoe', last_name: 'Idle' });
  const id = (locationId: string, providerId: string) => encodeScheduleId({ locationId, providerId });
  return {
    c, main: main.loc, harbour: harbour.loc, dana: main.provider, hal, ivy, zoe,
    schedules: { dana: id(main.loc.id, main.provider.id), hal: id(harbour.loc.id, hal.id), ivy: id(main.loc.id, ivy.id) },
  };
}

describe('FHIR metadata', () => {
  it('is a CapabilityStatement of Schedule, Slot (search only), Practitioner and Location, and needs a token', async () => {
    const c = await newOrg();
    const res = await get(c, '/metadata');
    assert.equal(res.status, 200);
    const cs = res.body;
    assert.equal(cs.resourceType, 'CapabilityStatement');
    assert.deepEqual([cs.status, cs.kind, cs.fhirVersion, cs.format], ['active', 'instance', '4.0.1', ['json']]);
    assert.equal(cs.implementation.url, `http://localhost:80/fhir/${c.orgId}`);
    const [rest] = cs.rest;
    assert.equal(rest.mode, 'server');
    assert.match(rest.security.description, /Bearer/);
    const interactions = Object.fromEntries(rest.resource.map((r: any) => [r.type, r.interaction.map((i: any) => i.code)]));
    assert.deepEqual(interactions, { Schedule: ['read', 'search-type'], Slot: ['search-type'], Practitioner: ['read'], Location: ['read'] });
    const slot = rest.resource.find((r: any) => r.type === 'Slot');
    assert.deepEqual(slot.searchParam.map((p: any) => p.name), ['schedule', 'start', 'end', 'duration']);
    const duration = slot.searchParam.find((p: any) => p.name === 'duration');
    assert.equal(duration.type, 'number');
    assert.equal(duration.definition, undefined);
    outcomeText(await get(c, '/metadata', null), 401, 'login');
  });
});

describe('FHIR Schedule', () => {
  let p: Awaited<ReturnType<typeof practice>>;
  before(async () => {
    p = await practice();
  });

  it('search without parameters lists every provider with time at a location, by location then provider name', async () => {
    const res = await get(p.c, '/Schedule');
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.type, res.body.total], ['searchset', 3]);
    const found = matches(res.body);
    assert.deepEqual(found.map((s: any) => s.id), [p.schedules.hal, p.schedules.ivy, p.schedules.dana]);
    assert.deepEqual(found.map((s: any) => s.active), [true, false, true]);
    assert.deepEqual(found[2].actor, [
      { reference: `Practitioner/${p.dana.id}`, type: 'Practitioner', display: 'Dana Molar' },
      { reference: `Location/${p.main.id}`, type: 'Location', display: 'Main Street' },
    ]);
    for (const e of res.body.entry) assert.equal(e.fullUrl, `http://localhost:80/fhir/${p.c.orgId}/Schedule/${e.resource.id}`);
  });

  it('every reference of every schedule resolves', async () => {
    for (const s of matches((await get(p.c, '/Schedule')).body)) {
      assert.deepEqual((await get(p.c, `/Schedule/${s.id}`)).body, s);
      for (const a of s.actor) assert.equal((await get(p.c, `/${a.reference}`)).status, 200, a.reference);
    }
  });

  it('search by actor: one practitioner, one location; an unknown actor matches nothing', async () => {
    const ids = async (actor: string) => matches((await get(p.c, `/Schedule?actor=${actor}`)).body).map((s: any) => s.id);
    assert.deepEqual(await ids(`Practitioner/${p.dana.id}`), [p.schedules.dana]);
    assert.deepEqual(await ids(`Practitioner/${p.dana.id.toUpperCase()}`), [p.schedules.dana]);
    assert.deepEqual(await ids(`Location/${p.main.id}`), [p.schedules.ivy, p.schedules.dana]);
    assert.deepEqual(await ids(`Location/${p.harbour.id}`), [p.schedules.hal]);
    for (const actor of [`Practitioner/${p.zoe.id}`, `Practitioner/${randomUUID()}`, 'Practitioner/abc', `Location/${randomUUID()}`]) {
      const res = await get(p.c, `/Schedule?actor=${actor}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.total, 0, actor);
      assert.equal(res.body.entry, undefined);
    }
  });

  it('a malformed or repeated actor → 400 naming actor', async () => {
    for (const query of [`actor=Patient/${p.dana.id}`, `actor=${p.dana.id}`, 'actor=', `actor=Practitioner/${p.dana.id}&actor=Location/${p.main.id}`]) {
      assert.match(outcomeText(await get(p.c, `/Schedule?${query}`), 400, 'invalid'), /'actor'/, query);
    }
  });

  it('read: an unknown schedule, another organisation\'s, or an id of another shape → 404; an invalid FHIR id → 400', async () => {
    const other = await newOrg();
    for (const id of [encodeScheduleId({ locationId: p.main.id, providerId: p.zoe.id }), encodeScheduleId({ locationId: randomUUID(), providerId: randomUUID() }), 'Location.1-Staff.2']) {
      outcomeText(await get(p.c, `/Schedule/${id}`), 404, 'not-found');
    }
    outcomeText(await get(other, `/Schedule/${p.schedules.dana}`), 404, 'not-found');
    assert.match(outcomeText(await get(p.c, '/Schedule/a_b'), 400, 'invalid'), /'id'/);
  });
});

describe('FHIR Practitioner and Location', () => {
  let p: Awaited<ReturnType<typeof practice>>;
  before(async () => {
    p = await practice();
  });

  it('a Practitioner is the provider: id, active, name in parts', async () => {
    assert.deepEqual((await get(p.c, `/Practitioner/${p.dana.id}`)).body, {
      resourceType: 'Practitioner', id: p.dana.id, active: true, name: [{ family: 'Molar', given: ['Dana'] }],
    });
    assert.equal((await get(p.c, `/Practitioner/${p.ivy.id}`)).body.active, false);
  });

  it('a Location carries status, name, address, phone and the IANA zone extension', async () => {
    const res = await get(p.c, `/Location/${p.main.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      resourceType: 'Location', id: p.main.id, status: 'active', name: 'Main Street', mode: 'instance',
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/timezone', valueCode: 'America/New_York' }],
      address: { text: '1 Main St, Springfield' }, telecom: [{ system: 'phone', value: '555-0100' }],
    });
    const harbour = (await get(p.c, `/Location/${p.harbour.id}`)).body;
    assert.equal(harbour.address, undefined);
    assert.equal(harbour.telecom, undefined);
    assert.equal((await p.c.patch(`/locations/${p.harbour.id}`, { base_version: 1, is_active: false })).status, 200);
    assert.equal((await get(p.c, `/Location/${p.harbour.id}`)).body.status, 'inactive');
  });

  it('unknown, malformed or another organisation\'s ids → 404', async () => {
    const other = await newOrg();
    for (const path of [`/Practitioner/${randomUUID()}`, '/Practitioner/abc', `/Location/${randomUUID()}`, '/Location/abc']) {
      outcomeText(await get(p.c, path), 404, 'not-found');
    }
    outcomeText(await get(other, `/Practitioner/${p.dana.id}`), 404, 'not-found');
    outcomeText(await get(other, `/Location/${p.main.id}`), 404, 'not-found');
  });

  it('a location-limited user sees only their locations and those locations\' schedules', async () => {
    const { token } = await makeUserToken(p.c.orgId, 'staff', [p.main.id]);
    outcomeText(await get(p.c, `/Location/${p.harbour.id}`, token), 404, 'not-found');
    outcomeText(await get(p.c, `/Schedule/${p.schedules.hal}`, token), 404, 'not-found');
    assert.deepEqual(matches((await get(p.c, '/Schedule', token)).body).map((s: any) => s.id), [p.schedules.ivy, p.schedules.dana]);
    assert.equal((await get(p.c, `/Schedule?actor=Location/${p.harbour.id}`, token)).body.total, 0);
    assert.equal((await get(p.c, `/Location/${p.main.id}`, token)).status, 200);
    const hidden = await get(p.c, `/Slot?schedule=Schedule/${p.schedules.hal}`, token);
    const unknown = await get(p.c, `/Slot?schedule=Schedule/${encodeScheduleId({ locationId: randomUUID(), providerId: randomUUID() })}`, token);
    assert.deepEqual({ ...hidden.body, link: null }, { ...unknown.body, link: null });
    assert.equal(hidden.body.entry[0].search.mode, 'outcome');
  });
});

describe('FHIR auth and unknown paths', () => {
  let p: Awaited<ReturnType<typeof practice>>;
  let paths: string[];
  before(async () => {
    p = await practice();
    paths = ['/metadata', '/Schedule', `/Schedule/${p.schedules.dana}`, `/Slot?schedule=Schedule/${p.schedules.dana}`,
      `/Practitioner/${p.dana.id}`, `/Location/${p.main.id}`];
  });

  it('every route: 401 OperationOutcome with WWW-Authenticate without a token or with a malformed one', async () => {
    for (const path of paths) {
      for (const token of [null, 'not-a-token']) {
        const res = await get(p.c, path, token);
        outcomeText(res, 401, 'login');
        assert.equal(res.headers['www-authenticate'], 'Bearer', path);
      }
    }
  });

  it('every route: another organisation\'s token → 404; a token scoped to availability:read → 200', async () => {
    const other = await newOrg();
    const { token } = await issueToken(testPool(), p.c.orgId, p.c.adminUserId, 'widget', ['availability:read']);
    for (const path of paths) {
      outcomeText(await get(p.c, path, other.token), 404, 'not-found');
      assert.equal((await get(p.c, path, token)).status, 200, path);
    }
  });

  it('paths the base does not serve, a Slot read among them, → 404 not-found', async () => {
    for (const path of ['/Slot/abc', '/Patient', `/Patient/${randomUUID()}`, '/']) {
      outcomeText(await get(p.c, path), 404, 'not-found');
    }
  });
});
