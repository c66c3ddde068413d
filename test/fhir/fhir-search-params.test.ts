import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../src/core/errors.ts';
import { encodeScheduleId } from '../../src/fhir/domain/ids.ts';
import { parseActor, slotWindow, type SlotParams } from '../../src/fhir/domain/search-params.ts';

const KEY = { locationId: '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11', providerId: 'c2ff4546-548e-46ab-8959-af887b563eab' };
const ID = encodeScheduleId(KEY);
const TODAY = '2026-03-10';

/** The parameter an `invalid` refusal names, or null when `fn` does not refuse. */
function refusedParam(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, 'value_error');
    return String(err.issues[0]!.loc[1]);
  }
}

describe('slot window', () => {
  it('defaults: start today (UTC), duration 20, end start + 7 days', () => {
    assert.deepEqual(slotWindow({ schedule: `Schedule/${ID}` }, TODAY, 90), {
      scheduleId: ID, schedule: KEY, dateFrom: '2026-03-10', dateTo: '2026-03-17', durationMinutes: 20,
    });
  });

  it('the default end follows a given start, and a given end is kept', () => {
    assert.equal(slotWindow({ schedule: ID, start: '2026-12-28' }, TODAY, 90).dateTo, '2027-01-04');
    assert.equal(slotWindow({ schedule: ID, start: '2026-03-01', end: '2026-03-01' }, TODAY, 90).dateTo, '2026-03-01');
  });

  it('a well-formed id that no schedule can have decodes to no schedule (not a refusal)', () => {
    const w = slotWindow({ schedule: 'Schedule/Location.1-Staff.2' }, TODAY, 90);
    assert.equal(w.scheduleId, 'Location.1-Staff.2');
    assert.equal(w.schedule, null);
  });

  const refusals: [SlotParams, string, string][] = [
    [{ schedule: '' }, 'schedule', 'an empty reference'],
    [{ schedule: `Practitioner/${KEY.providerId}` }, 'schedule', 'a reference to another type'],
    [{ schedule: 'Schedule/' }, 'schedule', 'a reference without an id'],
    [{ schedule: `Schedule/${ID}!` }, 'schedule', 'a character no FHIR id has'],
    [{ schedule: ID, duration: 0 }, 'duration', 'zero minutes'],
    [{ schedule: ID, duration: -20 }, 'duration', 'negative minutes'],
    [{ schedule: ID, duration: 20.5 }, 'duration', 'a fraction'],
    [{ schedule: ID, duration: 721 }, 'duration', 'over 720 minutes'],
    [{ schedule: ID, start: '2026-03-10', end: '2026-03-09' }, 'end', 'end before start'],
    [{ schedule: ID, end: '2026-03-09' }, 'end', 'end before the default start'],
    [{ schedule: ID, start: '2026-01-01', end: '2026-04-01' }, 'end', '91 dates'],
  ];
  for (const [q, param, what] of refusals) {
    it(`refuses ${what}, naming '${param}'`, () => assert.equal(refusedParam(() => slotWindow(q, TODAY, 90)), param));
  }

  it('accepts exactly 90 dates and 720 minutes', () => {
    assert.equal(refusedParam(() => slotWindow({ schedule: ID, start: '2026-01-01', end: '2026-03-31', duration: 720 }, TODAY, 90)), null);
  });
});

describe('actor', () => {
  it('names a practitioner or a location, lower-casing the UUID', () => {
    assert.deepEqual(parseActor(`Practitioner/${KEY.providerId.toUpperCase()}`), { type: 'Practitioner', id: KEY.providerId });
    assert.deepEqual(parseActor(`Location/${KEY.locationId}`), { type: 'Location', id: KEY.locationId });
  });

  it('a well-formed id that is not a UUID matches nothing', () => {
    assert.deepEqual(parseActor('Practitioner/abc'), { type: 'Practitioner', id: null });
  });

  for (const text of ['', KEY.providerId, `Patient/${KEY.providerId}`, 'Practitioner/', 'Location/a b', `practitioner/${KEY.providerId}`]) {
    it(`refuses ${JSON.stringify(text)}, naming 'actor'`, () => assert.equal(refusedParam(() => parseActor(text)), 'actor'));
  }
});
