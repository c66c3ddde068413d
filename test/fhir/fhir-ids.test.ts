import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { base62ToUuid, decodeScheduleId, encodeScheduleId, slotId, uuidToBase62 } from '../../src/fhir/domain/ids.ts';

const FHIR_ID = /^[A-Za-z0-9.-]{1,64}$/;
const LOC = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const PROV = 'c2ff4546-548e-46ab-8959-af887b563eab';

describe('base62 UUIDs', () => {
  const cases: [string, string, string][] = [
    // uuid, base62, what it shows
    ['00000000-0000-0000-0000-000000000000', '0'.repeat(22), 'zero is all padding'],
    ['00000000-0000-0000-0000-000000000001', `${'0'.repeat(21)}1`, 'one is the last digit'],
    ['00000000-0000-0000-0000-00000000003d', `${'0'.repeat(21)}z`, '61 is the last letter of the alphabet'],
    ['00000000-0000-0000-0000-00000000003e', `${'0'.repeat(20)}10`, '62 carries into a second digit'],
    ['ffffffff-ffff-ffff-ffff-ffffffffffff', '7n42DGM5Tflk9n8mt7Fhc7', 'the largest UUID needs all 22 digits'],
  ];
  for (const [uuid, text, what] of cases) {
    it(`${uuid} ↔ ${text}: ${what}`, () => {
      assert.equal(uuidToBase62(uuid), text);
      assert.equal(base62ToUuid(text), uuid);
    });
  }

  it('upper-case UUIDs encode like lower-case ones and decode to lower case', () => {
    assert.equal(uuidToBase62(PROV.toUpperCase()), uuidToBase62(PROV));
    assert.equal(base62ToUuid(uuidToBase62(PROV.toUpperCase())), PROV);
  });

  const bad: [string, string][] = [
    ['', 'empty'],
    ['0'.repeat(21), 'one digit short'],
    ['0'.repeat(23), 'one digit long'],
    [`${'0'.repeat(21)}_`, 'a character outside the alphabet'],
    [`${'0'.repeat(21)}-`, 'a hyphen'],
    ['7n42DGM5Tflk9n8mt7Fhc8', 'one past the largest UUID'],
    ['zzzzzzzzzzzzzzzzzzzzzz', 'far past 128 bits'],
  ];
  for (const [text, what] of bad) {
    it(`refuses ${JSON.stringify(text)}: ${what}`, () => assert.equal(base62ToUuid(text), null));
  }

  it('refuses to encode text that is not a UUID', () => {
    assert.throws(() => uuidToBase62('not-a-uuid'));
  });
});

describe('schedule ids', () => {
  it('round-trips random pairs, each id a valid FHIR id of 60 characters', () => {
    for (let i = 0; i < 200; i++) {
      const key = { locationId: randomUUID(), providerId: randomUUID() };
      const id = encodeScheduleId(key);
      assert.match(id, FHIR_ID);
      assert.equal(id.length, 60);
      assert.deepEqual(decodeScheduleId(id), key);
    }
  });

  it('is stable: the same pair always gives the same id', () => {
    const id = encodeScheduleId({ locationId: LOC, providerId: PROV });
    assert.equal(id, encodeScheduleId({ locationId: LOC.toUpperCase(), providerId: PROV }));
    assert.match(id, /^Location\.[0-9A-Za-z]{22}-Staff\.[0-9A-Za-z]{22}$/);
  });

  const good = encodeScheduleId({ locationId: LOC, providerId: PROV });
  const malformed: [string, string][] = [
    ['', 'empty'],
    ['Location.1-Staff.c2ff4546548e46ab8959af887b563eab', 'another system\'s id shape'],
    [good.replace('Location.', 'location.'), 'prefixes are case-sensitive'],
    [good.replace('-Staff.', '-Provider.'), 'a different second prefix'],
    [good.slice(0, -1), 'a digit short'],
    [`${good}0`, 'a digit long'],
    [`Location.${'z'.repeat(22)}-Staff.${uuidToBase62(PROV)}`, 'a location part past 128 bits'],
    [`Location.${uuidToBase62(LOC)}-Staff.${'0'.repeat(21)}_`, 'a character outside the alphabet'],
    [`Schedule/${good}`, 'a reference, not an id'],
  ];
  for (const [id, what] of malformed) {
    it(`decodes ${JSON.stringify(id.slice(0, 40))}… to null: ${what}`, () => assert.equal(decodeScheduleId(id), null));
  }
});

describe('slot ids', () => {
  it('are 32 hex digits, stable, and differ when the schedule, start or end differ', () => {
    const a = slotId(sampleId(), '2026-03-10T09:00:00-04:00', '2026-03-10T09:20:00-04:00');
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.equal(a, slotId(sampleId(), '2026-03-10T09:00:00-04:00', '2026-03-10T09:20:00-04:00'));
    assert.notEqual(a, slotId(sampleId(), '2026-03-10T09:00:00-04:00', '2026-03-10T09:40:00-04:00'));
    assert.notEqual(a, slotId(sampleId(), '2026-03-10T09:20:00-04:00', '2026-03-10T09:40:00-04:00'));
    assert.notEqual(a, slotId(encodeScheduleId({ locationId: PROV, providerId: LOC }), '2026-03-10T09:00:00-04:00', '2026-03-10T09:20:00-04:00'));
  });
});

function sampleId(): string {
  return encodeScheduleId({ locationId: LOC, providerId: PROV });
}
