// Table-driven over every registered /api/v1 route: another organisation's token gets 404 and writes
// nothing, whether it names the victim's org id or its own org id with the victim's record ids.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { registeredRoutes } from '../../src/http/app.ts';
import { closeTestApp, newOrg, testApp, testPool, type Client } from '../helpers.ts';

after(closeTestApp);

let victim: Client;
let attacker: Client;
const ids: Record<string, string> = {};

/** Every row of every tenant table belonging to `orgId`, as JSON text per table. */
async function snapshot(orgId: string): Promise<Record<string, string>> {
  const { rows: tables } = await testPool().query<{ table_name: string }>(`
    SELECT table_name FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name = 'org_id' ORDER BY table_name`);
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const { rows } = await testPool().query(`SELECT * FROM ${table_name} WHERE org_id = $1`, [orgId]);
    out[table_name] = JSON.stringify(rows.map((r) => JSON.stringify(r)).sort());
  }
  return out;
}

/** Creates one record of each resource in the victim's org through the API and remembers its id by path param. */
async function seedVictim(c: Client): Promise<void> {
  const made = async (param: string, path: string, body: object) => {
    const res = await c.post(path, body);
    if (res.status === 201) ids[param] = res.body.id;
    return res;
  };
  await made('location_uuid', '/locations', { name: 'Victim', timezone: 'America/New_York' });
  await made('operatory_uuid', '/operatories', { location_uuid: ids.location_uuid, name: 'Op 1' });
  await made('provider_uuid', '/providers', { first_name: 'Vic', last_name: 'Tim', provider_type: 'dentist' });
  await made('patient_uuid', '/patients', { first_name: 'Pat', last_name: 'Ient' });
  await made('procedure_code_uuid', '/procedure-codes', { code: 'D0120', description: 'Periodic evaluation' });
  await made('definition_uuid', '/definitions', { category: 'ApptTag', name: 'VIP' });
  await made('appointment_type_uuid', '/appointment-types', { name: 'Exam', duration_minutes: 30 });
  await made('template_uuid', '/schedule/templates', {
    provider_uuid: ids.provider_uuid, location_uuid: ids.location_uuid, day_of_week: 0, start_time: '08:00', end_time: '17:00', effective_from: '2026-01-01',
  });
  await made('override_uuid', '/schedule/overrides', {
    provider_uuid: ids.provider_uuid, location_uuid: ids.location_uuid, override_date: '2026-03-10', is_unavailable: true,
  });
  await made('note_uuid', '/schedule/notes', { location_uuid: ids.location_uuid, note_date: '2026-03-10', note: 'Victim note' });
  await made('flow_status_uuid', '/schedule/flow-statuses', { name: 'Victim Status' });
  await made('rule_uuid', '/schedule/appointment-rules', {
    appointment_type_uuid_a: ids.appointment_type_uuid, appointment_type_uuid_b: ids.appointment_type_uuid, location_uuid: ids.location_uuid, allow_overlap: false,
  });
  await made('blockout_type_uuid', '/blockouts/types', { name: 'Lunch' });
  const blockouts = await c.post('/blockouts/instances', {
    blockout_type_uuid: ids.blockout_type_uuid, location_uuid: ids.location_uuid, schedule_date: '2026-03-10', start_time: '12:00', end_time: '13:00',
  });
  if (blockouts.status === 201) ids.blockout_uuid = blockouts.body.items[0].id;
  await made('template_uuid_block', '/blockouts/templates', { name: 'Standard day', location_uuid: ids.location_uuid });
  ids.template_uuid_block && await made('item_uuid', `/blockouts/templates/${ids.template_uuid_block}/items`, {
    blockout_type_uuid: ids.blockout_type_uuid, start_time: '12:00', end_time: '13:00',
  });
  await made('goal_uuid', '/schedule/production-goals', {
    provider_uuid: ids.provider_uuid, location_uuid: ids.location_uuid, goal_date: '2026-03-10', goal_amount: 100,
  });
  await made('appointment_uuid', '/appointments', {
    patient_uuid: ids.patient_uuid, location_uuid: ids.location_uuid, operatory_uuid: ids.operatory_uuid,
    schedule_date: '2026-03-10', start_time: '09:00', end_time: '10:00', provider_uuid: ids.provider_uuid,
  });
  const procedure = await c.post(`/appointments/${ids.appointment_uuid}/procedures`, { base_version: 1, procedure_code_uuid: ids.procedure_code_uuid });
  if (procedure.status === 201) ids.procedure_uuid = procedure.body.id;
  await made('user_uuid', '/users', { name: 'Staff', email: 'staff@victim.test', role: 'staff' });
  if (ids.user_uuid) {
    const t = await c.post(`/users/${ids.user_uuid}/tokens`, {});
    if (t.status === 201) ids.token_uuid = t.body.id;
  }
}

function fill(url: string, orgId: string): string {
  // Provider schedule templates and block schedule templates share the path parameter name.
  const param = (p: string) => (p === 'template_uuid' && url.includes('/blockouts/') ? 'template_uuid_block' : p);
  return url.replace(':org_id', orgId).replace(/:([a-z_]+)/g, (_m, p: string) => ids[param(p)] ?? randomUUID());
}

/** A 422 made only of validation issues about our minimal body reveals nothing about the record. */
function isPureValidation(res: { status: number; body: any }): boolean {
  return res.status === 422 && res.body.detail.every((d: { type: string }) => ['missing', 'dict_type'].includes(d.type));
}

function bodyFor(method: string): object | undefined {
  if (method === 'GET' || method === 'DELETE') return undefined;
  return method === 'PATCH' ? { base_version: 1 } : {};
}

before(async () => {
  await testApp();
  victim = await newOrg('Victim');
  attacker = await newOrg('Attacker');
  await seedVictim(victim);
});

describe('tenancy', () => {
  it('every /api/v1 route answers 404 to another organisation\'s token for the victim\'s org id and writes nothing', async () => {
    const routes = registeredRoutes(await testApp()).filter((r) => r.url.startsWith('/api/v1/'));
    assert.ok(routes.length >= 10, `only ${routes.length} routes registered`);
    const params = new Set(routes.flatMap((r) => [...r.url.matchAll(/:([a-z_]+)/g)].map((m) => m[1]!)));
    params.delete('org_id');
    assert.deepEqual([...params].filter((p) => !ids[p]), [], 'every path parameter names a real record of the victim');
    const before = await snapshot(victim.orgId);
    for (const r of routes) {
      const res = await attacker.request(r.method, fill(r.url, victim.orgId), bodyFor(r.method));
      assert.equal(res.status, 404, `${r.method} ${r.url} gave ${res.status}`);
      assert.equal(res.body.detail[0].type, 'not_found', `${r.method} ${r.url}`);
    }
    assert.deepEqual(await snapshot(victim.orgId), before);
  });

  it('every /api/v1 route naming a victim\'s record id under the attacker\'s own org id answers 404 (or a bare validation 422) and writes nothing', async () => {
    const routes = registeredRoutes(await testApp())
      .filter((r) => r.url.startsWith('/api/v1/') && /:(?!org_id)[a-z_]+/.test(r.url));
    assert.ok(routes.length >= 5);
    const before = await snapshot(victim.orgId);
    for (const r of routes) {
      const res = await attacker.request(r.method, fill(r.url, attacker.orgId), bodyFor(r.method));
      // A route whose required body or query fields our minimal request lacks may answer 422 first.
      const ok = res.status === 404 || (r.method !== 'GET' && isPureValidation(res));
      assert.ok(ok, `${r.method} ${r.url} gave ${res.status}: ${JSON.stringify(res.body)}`);
    }
    assert.deepEqual(await snapshot(victim.orgId), before);
  });

  it('every /api/v1 route answers 401 with WWW-Authenticate without a token, and with a malformed one', async () => {
    const app = await testApp();
    const routes = registeredRoutes(app).filter((r) => r.url.startsWith('/api/v1/'));
    for (const r of routes) {
      for (const authorization of [undefined, 'Bearer nope', `Bearer ${victim.token}x`]) {
        const res = await app.inject({
          method: r.method as 'GET', url: fill(r.url, victim.orgId),
          headers: authorization ? { authorization } : {},
        });
        assert.equal(res.statusCode, 401, `${r.method} ${r.url}`);
        assert.equal(res.headers['www-authenticate'], 'Bearer');
        assert.equal(res.json().detail[0].type, 'unauthorized');
      }
    }
  });
});
