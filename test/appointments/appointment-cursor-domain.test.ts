import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCursor, type CursorPosition } from '../../src/core/cursor.ts';
import { decodeAppointmentCursor as decodeCursor, type SortField } from '../../src/appointments/domain/appointment-cursor.ts';

const ID = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('opaque list cursor', () => {
  const positions: CursorPosition<SortField>[] = [
    { sortBy: 'start_time', sortDir: 'asc', value: '2026-03-08 07:00:00+00', id: ID },
    { sortBy: 'start_time', sortDir: 'desc', value: null, id: ID }, // an appointment without a start
    { sortBy: 'created_at', sortDir: 'asc', value: '2026-03-10 14:00:00.123456+00', id: ID }, // microseconds survive
    { sortBy: 'updated_at', sortDir: 'desc', value: '2026-03-10T14:00:00Z', id: ID },
    { sortBy: 'status', sortDir: 'asc', value: 'scheduled', id: ID },
  ];
  for (const p of positions) {
    it(`round-trips a ${p.sortBy} ${p.sortDir} position (${String(p.value)})`, () => {
      const text = encodeCursor(p);
      assert.match(text, /^[A-Za-z0-9_-]+$/, 'url-safe');
      assert.deepEqual(decodeCursor(text, p.sortBy, p.sortDir), { ok: true, position: p });
    });
  }

  it('refuses a cursor made for another sort field or direction as other_sort', () => {
    const text = encodeCursor(positions[0]!);
    assert.deepEqual(decodeCursor(text, 'created_at', 'asc'), { ok: false, reason: 'other_sort' });
    assert.deepEqual(decodeCursor(text, 'start_time', 'desc'), { ok: false, reason: 'other_sort' });
  });

  // Each is read for the sort it names (or start_time), so only its malformation can refuse it.
  const malformed: [string, string, SortField][] = [
    ['an empty string', '', 'start_time'],
    ['characters outside base64url', 'abc+/==', 'start_time'],
    ['base64 of text that is not JSON', Buffer.from('hello').toString('base64url'), 'start_time'],
    ['a JSON array', raw([1, 2]), 'start_time'],
    ['a JSON null', raw(null), 'start_time'],
    ['a missing id', raw({ s: 'start_time', d: 'asc', v: '2026-03-08 07:00:00+00' }), 'start_time'],
    ['an id that is not a uuid', raw({ s: 'start_time', d: 'asc', v: '2026-03-08 07:00:00+00', i: '42' }), 'start_time'],
    ['an unknown sort field', raw({ s: 'note', d: 'asc', v: 'x', i: ID }), 'start_time'],
    ['an unknown direction', raw({ s: 'status', d: 'up', v: 'scheduled', i: ID }), 'status'],
    ['a status value that is not a status', raw({ s: 'status', d: 'asc', v: 'done', i: ID }), 'status'],
    ['a timestamp value that is not a timestamp', raw({ s: 'created_at', d: 'asc', v: 'yesterday', i: ID }), 'created_at'],
    ['a timestamp without an offset', raw({ s: 'created_at', d: 'asc', v: '2026-03-10 14:00:00', i: ID }), 'created_at'],
    ['an impossible timestamp', raw({ s: 'created_at', d: 'asc', v: '2026-13-40 14:00:00+00', i: ID }), 'created_at'],
    ['a null value for a column that is never null', raw({ s: 'created_at', d: 'asc', v: null, i: ID }), 'created_at'],
    ['a number value', raw({ s: 'start_time', d: 'asc', v: 5, i: ID }), 'start_time'],
  ];
  for (const [what, text, sortBy] of malformed) {
    it(`reads ${what} as malformed`, () => {
      assert.deepEqual(decodeCursor(text, sortBy, 'asc'), { ok: false, reason: 'malformed' });
    });
  }
});
