import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, newOrg } from '../helpers.ts';
import { makeLocation, makeOperatory, makeProvider, makeUserToken } from '../factories.ts';
import { tenantFingerprint } from '../core/tenant-snapshot.ts';
import { STANDARD_PRESET } from '../../src/views/domain/presets.ts';
import { MISSING, viewPractice } from './view-fixture.ts';

after(closeTestApp);

describe('create and get schedule views', () => {
  it('creates a personal view with the documented defaults and the Standard preset\'s layouts, owned by the caller', async () => {
    const { ann, loc, create } = await viewPractice();
    const v = await create(ann.c);
    assert.match(v.id, /^[0-9a-f-]{36}$/);
    const { id: _id, created_at, updated_at, owner, ...rest } = v;
    assert.deepEqual(owner, { id: ann.id, name: 'staff 1' });
    assert.equal(created_at, updated_at);
    assert.deepEqual(rest, {
      name: 'My day', location: { id: loc.id, name: 'Main Street' }, visibility: 'personal', is_default: false, keyboard_shortcut: null,
      view_type: 'daily', font_size: 'md', start_time: '07:00:00', end_time: '19:00:00', time_increment: 10, min_operatory_width_px: 0,
      auto_scroll_to_current_time: true, bubble_enabled: true, compact_mode: false, dynamic_op_filtering: false, privacy_mode: false,
      show_business_days_only: false, show_missed_appointments: true, show_production: false, show_provider_bars: true,
      card_layout: STANDARD_PRESET.card_layout, bubble_layout: STANDARD_PRESET.bubble_layout, color_config: STANDARD_PRESET.color_config,
      operatory_uuids: [], provider_uuids: [], version: 1,
    });
    assert.deepEqual((await ann.c.get(`/schedule/views/${v.id}`)).body, v);
  });

  it('keeps every given field, wall-clock times as HH:MM:SS, chairs and providers in the given order, and null layouts', async () => {
    const { ann, ops, dentist, hygienist, create } = await viewPractice();
    const v = await create(ann.c, {
      name: 'Hygiene week', visibility: 'shared', view_type: 'weekly', font_size: 'sm', start_time: '06:30', end_time: '20:15:30',
      time_increment: 15, min_operatory_width_px: 120, auto_scroll_to_current_time: false, bubble_enabled: false, compact_mode: true,
      dynamic_op_filtering: true, privacy_mode: true, show_business_days_only: true, show_missed_appointments: false, show_production: true,
      show_provider_bars: false, card_layout: null, bubble_layout: null, color_config: null,
      operatory_uuids: [ops[2]!.id, ops[0]!.id], provider_uuids: [hygienist.id.toUpperCase(), dentist.id],
    });
    assert.equal(v.start_time, '06:30:00');
    assert.equal(v.end_time, '20:15:30');
    assert.deepEqual([v.visibility, v.view_type, v.font_size, v.time_increment, v.min_operatory_width_px], ['shared', 'weekly', 'sm', 15, 120]);
    assert.deepEqual([v.compact_mode, v.dynamic_op_filtering, v.privacy_mode, v.show_business_days_only, v.show_production], [true, true, true, true, true]);
    assert.deepEqual([v.auto_scroll_to_current_time, v.bubble_enabled, v.show_missed_appointments, v.show_provider_bars], [false, false, false, false]);
    assert.deepEqual([v.card_layout, v.bubble_layout, v.color_config], [null, null, null]);
    assert.deepEqual(v.operatory_uuids, [ops[2]!.id, ops[0]!.id]);
    assert.deepEqual(v.provider_uuids, [hygienist.id, dentist.id]);
  });

  it('returns 404 for an unknown location, another organisation\'s, or one outside a location-limited caller\'s, and writes nothing', async () => {
    const { c, ann, loc } = await viewPractice();
    const other = await newOrg();
    const foreign = await makeLocation(other.orgId);
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [uptown.id])).token);
    const before = await tenantFingerprint(c.orgId);
    for (const [client, id] of [[ann.c, MISSING], [ann.c, foreign.id], [limited, loc.id]] as const) {
      const res = await client.post('/schedule/views', { location_uuid: id, name: 'X' });
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['body', 'location_uuid']);
    }
    assert.deepEqual(await tenantFingerprint(c.orgId), before);
  });

  it('returns 422 for each field rule, naming a stray chair or provider, and writes nothing', async () => {
    const { c, ann, loc, ops } = await viewPractice();
    const elsewhere = await makeOperatory(c.orgId, (await makeLocation(c.orgId, { name: 'Uptown' })).id, 'U1');
    const foreignProvider = await makeProvider((await newOrg()).orgId);
    const before = await tenantFingerprint(c.orgId);
    const cases: [Record<string, unknown>, (string | number)[], RegExp?][] = [
      [{ font_size: 'xl' }, ['body', 'font_size']],
      [{ view_type: 'monthly' }, ['body', 'view_type']],
      [{ visibility: 'public' }, ['body', 'visibility']],
      [{ time_increment: 25 }, ['body', 'time_increment']],
      [{ start_time: '7:00' }, ['body', 'start_time']],
      [{ start_time: '12:00', end_time: '12:00' }, ['body', 'end_time'], /after start_time/],
      [{ start_time: '18:00' , end_time: '08:00' }, ['body', 'end_time']],
      [{ start_time: '20:00' }, ['body', 'start_time'], /19:00:00/],
      [{ name: '' }, ['body', 'name']],
      [{ min_operatory_width_px: -1 }, ['body', 'min_operatory_width_px']],
      [{ operatory_uuids: [ops[0]!.id, elsewhere.id] }, ['body', 'operatory_uuids', 1], new RegExp(elsewhere.id)],
      [{ operatory_uuids: [MISSING] }, ['body', 'operatory_uuids', 0], new RegExp(MISSING)],
      [{ operatory_uuids: [ops[0]!.id, ops[0]!.id] }, ['body', 'operatory_uuids']],
      [{ provider_uuids: [foreignProvider.id] }, ['body', 'provider_uuids', 0], new RegExp(foreignProvider.id)],
      [{ card_layout: { lines: [['patient_name', 'time'], ['patient_name']], icons: [] } }, ['body', 'card_layout', 'lines', 1, 0], /twice/],
      [{ card_layout: { lines: [['patient_name']] } }, ['body', 'card_layout', 'icons']],
      [{ card_layout: { lines: [['ssn']], icons: [] } }, ['body', 'card_layout', 'lines', 0, 0]],
      [{ bubble_layout: { sections: [{ title: 'A', fields: ['note'] }, { title: 'B', fields: ['note'] }], delay_ms: 0 } },
        ['body', 'bubble_layout', 'sections', 1, 'fields', 0], /twice/],
      [{ color_config: { ...STANDARD_PRESET.color_config, color_by: 'mood' } }, ['body', 'color_config', 'color_by']],
      [{ color_config: { ...STANDARD_PRESET.color_config, text_color: 'white' } }, ['body', 'color_config', 'text_color']],
      [{ is_default: true }, ['body', 'is_default']],
      [{ bubble_enabled: 'yes' }, ['body', 'bubble_enabled']],
    ];
    for (const [over, loc_, msg] of cases) {
      const res = await ann.c.post('/schedule/views', { location_uuid: loc.id, name: 'Bad', ...over });
      assert.equal(res.status, 422, `${JSON.stringify(over)}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(firstIssue(res).loc, loc_, JSON.stringify(over));
      if (msg) assert.match(firstIssue(res).msg, msg);
    }
    const stray = await ann.c.post('/schedule/views', { location_uuid: loc.id, name: 'Bad', operatory_uuids: [elsewhere.id] });
    assert.deepEqual(stray.body.detail[0].ctx, { id: elsewhere.id });
    const missing = await ann.c.post('/schedule/views', { name: 'No location' });
    assert.deepEqual(firstIssue(missing).loc, ['body', 'location_uuid']);
    assert.deepEqual(await tenantFingerprint(c.orgId), before);
  });

  it('get returns 404 for an unknown id, another organisation\'s view and another user\'s personal view; 422 for a malformed id', async () => {
    const { c, ann, bob, create } = await viewPractice();
    const personal = await create(ann.c);
    const other = await newOrg();
    assert.equal((await ann.c.get(`/schedule/views/${personal.id}`)).status, 200);
    for (const [client, id] of [[ann.c, MISSING], [other, personal.id], [bob.c, personal.id], [c, personal.id]] as const) {
      const res = await client.get(`/schedule/views/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'view_uuid']);
    }
    assert.equal((await ann.c.get('/schedule/views/not-a-uuid')).status, 422);
  });
});

describe('list schedule views and templates', () => {
  it('lists the views the caller may see by name, optionally of one location; 404 for an unknown location', async () => {
    const { c, ann, bob, create } = await viewPractice();
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const zeta = await create(ann.c, { name: 'zeta' });
    const alpha = await create(bob.c, { name: 'Alpha', visibility: 'shared' });
    await create(bob.c, { name: 'Bob only' });
    const beta = await create(ann.c, { name: 'beta', visibility: 'shared', location_uuid: uptown.id });
    const names = (res: any) => res.body.items.map((v: any) => v.name);
    const all = await ann.c.get('/schedule/views');
    assert.equal(all.status, 200);
    assert.deepEqual(names(all), ['Alpha', 'beta', 'zeta'], 'case-insensitive by name; bob\'s personal view is not listed');
    assert.equal(all.body.total, 3);
    assert.deepEqual(all.body.items.map((v: any) => v.id), [alpha.id, beta.id, zeta.id]);
    assert.deepEqual(all.body.items[0], (await ann.c.get(`/schedule/views/${alpha.id}`)).body, 'list items are full views');
    assert.deepEqual(names(await ann.c.get(`/schedule/views?location_uuid=${uptown.id}`)), ['beta']);
    const paged = await ann.c.get('/schedule/views?page=2&page_size=2');
    assert.deepEqual([names(paged), paged.body.total, paged.body.page, paged.body.page_size], [['zeta'], 3, 2, 2]);
    const unknown = await ann.c.get(`/schedule/views?location_uuid=${MISSING}`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(firstIssue(unknown).loc, ['query', 'location_uuid']);
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [uptown.id])).token);
    assert.deepEqual(names(await limited.get('/schedule/views')), ['beta'], 'a location-limited user sees only their locations\' views');
    assert.equal((await limited.get(`/schedule/views/${alpha.id}`)).status, 404);
  });

  it('GET /schedule/views/templates returns the six presets and is not taken for a view id', async () => {
    const { ann } = await viewPractice();
    const res = await ann.c.get('/schedule/views/templates');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.templates.length, 6);
    assert.deepEqual(res.body.templates.map((t: any) => t.key), ['standard', 'front_desk', 'doctor', 'hygiene', 'patient_flow', 'public_display']);
    assert.deepEqual(res.body.templates[0], STANDARD_PRESET);
  });

  it('every preset applies to a new view and reads back unchanged', async () => {
    const { ann, create } = await viewPractice();
    for (const t of (await ann.c.get('/schedule/views/templates')).body.templates) {
      const v = await create(ann.c, { name: t.name, card_layout: t.card_layout, bubble_layout: t.bubble_layout, color_config: t.color_config });
      assert.deepEqual([v.card_layout, v.bubble_layout, v.color_config], [t.card_layout, t.bubble_layout, t.color_config], t.key);
    }
  });
});
