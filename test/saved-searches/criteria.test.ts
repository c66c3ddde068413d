// Pure tier: how a find_free_time search's criteria become free-time parameters, and which criteria jsonb
// could not keep as given.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freeTimeParamsFromCriteria } from '../../src/saved-searches/index.ts';
import { MAX_CRITERIA_DEPTH, findUnstorableCriteria } from '../../src/saved-searches/domain/criteria.ts';
import { FreeTimeQuery } from '../../src/availability/schemas/free-time.ts';

const KNOWN = ['location_uuid', 'duration_minutes', 'provider_uuids', 'days_of_week', 'one_per_start'] as const;
const LOC = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

/** A value nested `levels` deep: level 1 is the outer object. */
function nested(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: 'x' };
  for (let i = 1; i < levels; i++) v = { n: v };
  return v;
}

describe('freeTimeParamsFromCriteria', () => {
  const cases: [string, unknown, readonly string[], ReturnType<typeof freeTimeParamsFromCriteria>][] = [
    ['empty criteria give no parameters', {}, KNOWN, { ok: true, params: {} }],
    ['known keys pass through with their values as stored', { location_uuid: LOC, duration_minutes: 30, one_per_start: true },
      KNOWN, { ok: true, params: { location_uuid: LOC, duration_minutes: 30, one_per_start: true } }],
    ['lists stay lists, in order', { provider_uuids: [LOC, LOC.toUpperCase()], days_of_week: [4, 0] },
      KNOWN, { ok: true, params: { provider_uuids: [LOC, LOC.toUpperCase()], days_of_week: [4, 0] } }],
    ['text values are not converted', { duration_minutes: '30' }, KNOWN, { ok: true, params: { duration_minutes: '30' } }],
    ['a null value means "not set" and is left out', { location_uuid: LOC, duration_minutes: null },
      KNOWN, { ok: true, params: { location_uuid: LOC } }],
    ['an unknown key is named', { location_uuid: LOC, chair: 'Op 1' }, KNOWN, { ok: false, key: 'chair' }],
    ['the first unknown key in key order is named', { zeta: 1, location_uuid: LOC, alpha: 2 }, KNOWN, { ok: false, key: 'zeta' }],
    ['an unknown key is named even when its value is null', { location_uuid: LOC, later: null }, KNOWN, { ok: false, key: 'later' }],
    ['keys match exactly: case counts', { Location_UUID: LOC }, KNOWN, { ok: false, key: 'Location_UUID' }],
    ['keys match exactly: no trimming', { ' location_uuid': LOC }, KNOWN, { ok: false, key: ' location_uuid' }],
    ['Object.prototype names are unknown keys', { constructor: 1 }, KNOWN, { ok: false, key: 'constructor' }],
    ['__proto__ as an own key is an unknown key', JSON.parse('{"__proto__": {"x": 1}}'), KNOWN, { ok: false, key: '__proto__' }],
    ['the empty key is unknown', { '': 1 }, KNOWN, { ok: false, key: '' }],
    ['with nothing known, any key is unknown', { location_uuid: LOC }, [], { ok: false, key: 'location_uuid' }],
    ['with nothing known, empty criteria still pass', {}, [], { ok: true, params: {} }],
    ['null criteria are not an object', null, KNOWN, { ok: false, key: '' }],
    ['a list is not an object', [LOC], KNOWN, { ok: false, key: '' }],
    ['text is not an object', 'location_uuid', KNOWN, { ok: false, key: '' }],
    ['a number is not an object', 7, KNOWN, { ok: false, key: '' }],
    ['undefined is not an object', undefined, KNOWN, { ok: false, key: '' }],
  ];
  for (const [name, criteria, known, expected] of cases) {
    it(name, () => assert.deepStrictEqual(freeTimeParamsFromCriteria(criteria, known), expected));
  }

  it('nested values are passed on by value as stored (the caller validates them like a query)', () => {
    const criteria = { location_uuid: { nested: [1, { deep: true }] } };
    const res = freeTimeParamsFromCriteria(criteria, KNOWN);
    assert.deepStrictEqual(res, { ok: true, params: criteria });
  });

  it('does not change the criteria it reads', () => {
    const criteria = { location_uuid: LOC, duration_minutes: null };
    const copy = structuredClone(criteria);
    freeTimeParamsFromCriteria(criteria, KNOWN);
    assert.deepStrictEqual(criteria, copy);
  });

  it('accepts criteria naming every FreeTimeQuery parameter, and names a key FreeTimeQuery lacks', () => {
    const known = Object.keys(FreeTimeQuery.properties);
    const all = Object.fromEntries(known.map((k) => [k, 1]));
    assert.deepStrictEqual(freeTimeParamsFromCriteria(all, known), { ok: true, params: all });
    assert.deepStrictEqual(freeTimeParamsFromCriteria({ ...all, provider_uuid: LOC }, known), { ok: false, key: 'provider_uuid' });
  });
});

describe('findUnstorableCriteria', () => {
  const cases: [string, unknown, { path: (string | number)[]; msg: RegExp } | null][] = [
    ['an empty object is storable', {}, null],
    ['any keys, values, lists and nesting are storable',
      { a: [1, 'two', null, true, { b: { c: [] } }], 'ümlaut key': '😀 emoji', '': 0, n: -1.5e300 }, null],
    [`nesting of exactly ${MAX_CRITERIA_DEPTH} levels is storable`, nested(MAX_CRITERIA_DEPTH), null],
    [`nesting of ${MAX_CRITERIA_DEPTH + 1} levels is refused where it goes too deep`, nested(MAX_CRITERIA_DEPTH + 1),
      { path: Array(MAX_CRITERIA_DEPTH).fill('n'), msg: /at most 32 levels/ }],
    ['lists count as levels too', { l: [[[[]]]] }, null],
    ['U+0000 in a value is refused at its path', { a: { b: ['ok', 'x\u0000y'] } }, { path: ['a', 'b', 1], msg: /U\+0000/ }],
    ['U+0000 in a key is refused at that key', { a: { 'k\u0000': 1 } }, { path: ['a', 'k\u0000'], msg: /^Key: .*U\+0000/ }],
    ['a lone high surrogate is refused', { a: 'x\uD83D' }, { path: ['a'], msg: /lone surrogate/ }],
    ['a lone low surrogate is refused', { a: '\uDE00x' }, { path: ['a'], msg: /lone surrogate/ }],
    ['a surrogate pair is storable', { a: '\uD83D\uDE00' }, null],
    ['the first fault in key order is reported', { b: '\u0000', a: '\u0000' }, { path: ['b'], msg: /U\+0000/ }],
  ];
  for (const [name, value, expected] of cases) {
    it(name, () => {
      const fault = findUnstorableCriteria(value);
      if (expected === null) return assert.equal(fault, null);
      assert.deepStrictEqual(fault?.path, expected.path);
      assert.match(fault!.msg, expected.msg);
    });
  }
});
