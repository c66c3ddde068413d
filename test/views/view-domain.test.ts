// Pure tests of the views area's domain: the presets, the layout rules, the edit rules and a view applied to a day.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileBodyCheck } from '../../src/core/http/validation.ts';
import { applyViewToDay, type CalendarView } from '../../src/views/domain/calendar-filter.ts';
import { checkLayouts } from '../../src/views/domain/layouts.ts';
import { VIEW_PRESETS } from '../../src/views/domain/presets.ts';
import { editRefusal, visibilityRefusal } from '../../src/views/domain/view-rules.ts';
import { CreateScheduleViewBody } from '../../src/views/schemas/schedule-views.ts';
import { BubbleLayoutSchema, CardLayoutSchema, ColorConfigSchema } from '../../src/views/schemas/view-layouts.ts';

const LOCATION = '0b9d2c1e-5a4f-4e3b-9c2d-1a0f9e8d7c6b';

describe('view presets', () => {
  it('are six, with distinct keys and names', () => {
    assert.equal(VIEW_PRESETS.length, 6);
    assert.equal(new Set(VIEW_PRESETS.map((p) => p.key)).size, 6);
    assert.equal(new Set(VIEW_PRESETS.map((p) => p.name)).size, 6);
  });

  it('each is complete and passes the same checks as a created view\'s body', () => {
    const check = compileBodyCheck(CreateScheduleViewBody);
    for (const schema of [CardLayoutSchema, BubbleLayoutSchema, ColorConfigSchema]) {
      assert.deepEqual([...(schema.required ?? [])].sort(), Object.keys(schema.properties).sort(), 'valid means complete: every key is required');
    }
    for (const p of VIEW_PRESETS) {
      const body = { location_uuid: LOCATION, name: p.name, card_layout: p.card_layout, bubble_layout: p.bubble_layout, color_config: p.color_config };
      assert.equal(check(body), true, `${p.key}: ${JSON.stringify(check.errors)}`);
      assert.equal(checkLayouts(p), null, p.key);
      assert.ok(p.description.length > 0, p.key);
    }
  });
});

describe('layout rules', () => {
  const cases: [string, Parameters<typeof checkLayouts>[0], (string | number)[] | null][] = [
    ['no layouts', {}, null],
    ['null layouts', { card_layout: null, bubble_layout: null }, null],
    ['a field twice on one line', { card_layout: { lines: [['note', 'note']], icons: [] } }, ['card_layout', 'lines', 0, 1]],
    ['a field on two lines', { card_layout: { lines: [['note'], ['time', 'note']], icons: [] } }, ['card_layout', 'lines', 1, 1]],
    ['a field in two bubble sections', {
      bubble_layout: { sections: [{ title: 'A', fields: ['time'] }, { title: 'B', fields: ['age', 'time'] }], delay_ms: 0 },
    }, ['bubble_layout', 'sections', 1, 'fields', 1]],
    ['a field on the card and in the bubble', {
      card_layout: { lines: [['time']], icons: [] }, bubble_layout: { sections: [{ title: 'A', fields: ['time'] }], delay_ms: 0 },
    }, null],
  ];
  for (const [name, layouts, loc] of cases) {
    it(`${name}: ${loc ? 'refused' : 'accepted'}`, () => assert.deepEqual(checkLayouts(layouts)?.loc ?? null, loc));
  }
});

describe('who may change a view', () => {
  const ann = { userId: 'ann', role: 'staff' as const };
  const cases: [string, Parameters<typeof editRefusal>[0], Parameters<typeof editRefusal>[1], boolean][] = [
    ['the owner, a personal view', { visibility: 'personal', owner_user_id: 'ann' }, ann, true],
    ['a viewer owning a personal view', { visibility: 'personal', owner_user_id: 'vic' }, { userId: 'vic', role: 'viewer' }, true],
    ['the owner, a shared view', { visibility: 'shared', owner_user_id: 'ann' }, ann, true],
    ['a colleague, a shared view', { visibility: 'shared', owner_user_id: 'bob' }, ann, false],
    ['an admin, a shared view', { visibility: 'shared', owner_user_id: 'bob' }, { userId: 'ada', role: 'admin' }, true],
    ['a viewer owning a shared view', { visibility: 'shared', owner_user_id: 'vic' }, { userId: 'vic', role: 'viewer' }, false],
  ];
  for (const [name, view, caller, allowed] of cases) {
    it(`${name}: ${allowed ? 'allowed' : 'refused'}`, () => assert.equal(editRefusal(view, caller) === null, allowed));
  }

  it('viewers keep personal views only, and only the owner makes a shared view personal', () => {
    assert.notEqual(visibilityRefusal('shared', { userId: 'vic', role: 'viewer' }), null);
    assert.equal(visibilityRefusal('personal', { userId: 'vic', role: 'viewer' }), null);
    const shared = { visibility: 'shared' as const, owner_user_id: 'bob' };
    assert.notEqual(visibilityRefusal('personal', { userId: 'ada', role: 'admin' }, shared), null);
    assert.equal(visibilityRefusal('personal', { userId: 'bob', role: 'staff' }, shared), null);
  });
});

const view = (over: Partial<CalendarView> = {}): CalendarView => ({
  id: 'v', operatoryIds: ['op1', 'op2', 'op3'], namesOperatories: false, providerIds: null, startTime: '08:00:00', endTime: '12:00:00',
  dynamicOpFiltering: false, ...over,
});
const appt = (id: string, start: string, end: string, op: string | null = 'op1') => ({ id, operatory: op ? { id: op } : null, start_time: start, end_time: end });
const shown = (v: CalendarView, date: string, zone: string, appointments: ReturnType<typeof appt>[]) =>
  applyViewToDay(v, date, zone, { appointments, blockouts: [], provider_schedules: [] }).appointments.map((a) => a.id);

describe('a view\'s hours on a day', () => {
  it('keeps what overlaps [start, end) on an ordinary day, whole; touching ends are outside', () => {
    const day = [
      appt('before', '2026-03-10T07:00:00-04:00', '2026-03-10T08:00:00-04:00'), // ends as the view starts
      appt('straddle', '2026-03-10T07:30:00-04:00', '2026-03-10T08:30:00-04:00'),
      appt('inside', '2026-03-10T09:00:00-04:00', '2026-03-10T10:00:00-04:00'),
      appt('late', '2026-03-10T11:59:00-04:00', '2026-03-10T13:00:00-04:00'),
      appt('after', '2026-03-10T12:00:00-04:00', '2026-03-10T12:30:00-04:00'), // starts as the view ends
    ];
    assert.deepEqual(shown(view(), '2026-03-10', 'America/New_York', day), ['straddle', 'inside', 'late']);
  });

  it('New York spring-forward: a start in the gap is the transition (03:00 EDT)', () => {
    const v = view({ startTime: '02:30:00', endTime: '04:00:00' }); // 02:30 does not exist on 2026-03-08
    const day = [
      appt('est', '2026-03-08T01:30:00-05:00', '2026-03-08T01:59:00-05:00'), // before the gap
      appt('edt', '2026-03-08T03:00:00-04:00', '2026-03-08T03:30:00-04:00'), // the first hour after it
    ];
    assert.deepEqual(shown(v, '2026-03-08', 'America/New_York', day), ['edt']);
  });

  it('New York fall-back: an ambiguous start is the earlier 01:30 (EDT), so both passes of 01:30–02:00 are inside', () => {
    const v = view({ startTime: '01:30:00', endTime: '03:00:00' }); // 05:30Z to 08:00Z on 2026-11-01
    const day = [
      appt('first', '2026-11-01T01:00:00-04:00', '2026-11-01T01:20:00-04:00'), // 05:00Z, before the window
      appt('firstPass', '2026-11-01T01:40:00-04:00', '2026-11-01T01:50:00-04:00'), // 05:40Z
      appt('secondPass', '2026-11-01T01:15:00-05:00', '2026-11-01T01:45:00-05:00'), // 06:15Z: the repeated hour
    ];
    assert.deepEqual(shown(v, '2026-11-01', 'America/New_York', day), ['firstPass', 'secondPass']);
  });

  it('Berlin spring-forward and fall-back clamp and disambiguate the same way', () => {
    const spring = view({ startTime: '02:15:00', endTime: '05:00:00' }); // 02:15 is in 2026-03-29's gap: starts 03:00 CEST
    assert.deepEqual(shown(spring, '2026-03-29', 'Europe/Berlin', [
      appt('cet', '2026-03-29T01:30:00+01:00', '2026-03-29T02:00:00+01:00'), // ends 01:00Z, the transition
      appt('cest', '2026-03-29T03:00:00+02:00', '2026-03-29T03:30:00+02:00'),
    ]), ['cest']);
    const autumn = view({ startTime: '00:00:00', endTime: '02:30:00' }); // 02:30 happens twice on 2026-10-25: the earlier, 00:30Z
    assert.deepEqual(shown(autumn, '2026-10-25', 'Europe/Berlin', [
      appt('summer', '2026-10-25T02:10:00+02:00', '2026-10-25T02:20:00+02:00'), // 00:10Z
      appt('winter', '2026-10-25T02:40:00+01:00', '2026-10-25T02:50:00+01:00'), // 01:40Z, after the window
    ]), ['summer']);
  });
});

describe('a view\'s chairs and providers on a day', () => {
  const range = (op: string | null) => ({ operatory: op ? { id: op } : null });
  const schedules = [
    { provider: { id: 'dana' }, time_ranges: [range('op1')] },
    { provider: { id: 'hal' }, time_ranges: [range('op2')] },
  ];
  const block = (id: string, op: string | null) => ({ id, operatory: op ? { id: op } : null, start_at: '2026-03-10T09:00:00-04:00', end_at: '2026-03-10T10:00:00-04:00' });
  const day = (appointments = [appt('a1', '2026-03-10T09:00:00-04:00', '2026-03-10T10:00:00-04:00', 'op2')]) => ({
    appointments, blockouts: [block('all', null), block('b3', 'op3'), block('b2', 'op2')], provider_schedules: schedules,
  });
  const apply = (v: CalendarView, d = day()) => applyViewToDay(v, '2026-03-10', 'America/New_York', d);

  it('named chairs leave out other chairs\' appointments and blockouts; providers filter the schedules only', () => {
    const r = apply(view({ operatoryIds: ['op3', 'op1'], namesOperatories: true, providerIds: ['hal'] }));
    assert.deepEqual([r.appointments, r.blockouts.map((b) => b.id), r.provider_schedules.map((s) => s.provider.id)], [[], ['all', 'b3'], ['hal']]);
    assert.deepEqual(r.operatory_uuids, ['op3', 'op1']);
  });

  it('dynamic filtering hides chairs without a scheduled provider of the view or an appointment', () => {
    assert.deepEqual(apply(view({ dynamicOpFiltering: true }), day([])).operatory_uuids, ['op1', 'op2']);
    assert.deepEqual(apply(view({ dynamicOpFiltering: true }), day([])).blockouts.map((b) => b.id), ['all', 'b2']);
    assert.deepEqual(apply(view({ dynamicOpFiltering: true, providerIds: ['dana'] })).operatory_uuids, ['op1', 'op2'], 'op2 holds a1');
    assert.deepEqual(apply(view({ dynamicOpFiltering: true, providerIds: ['dana'] }), day([])).operatory_uuids, ['op1']);
    const floating = { ...day([]), provider_schedules: [...schedules, { provider: { id: 'fay' }, time_ranges: [range(null)] }] };
    assert.deepEqual(apply(view({ dynamicOpFiltering: true }), floating).operatory_uuids, ['op1', 'op2', 'op3'], 'no chair named: any chair');
  });
});
