// A practice with a booking block and slots, made through the API (the slot tests' common parent).
import assert from 'node:assert/strict';
import { makePractice } from '../factories.ts';

/**
 * makePractice plus a booking block "New patients" at its location served by its three chairs and both
 * providers, with the practice's 60-minute Exam as the default type, and `slot(over)`: a slot of that block
 * (default 2026-03-11 09:00–10:00 New York, i.e. 13:00–14:00 UTC, capacity 1; the test clock is 2026-03-10 14:00 UTC).
 */
export async function makeSlotPractice() {
  const p = await makePractice();
  const res = await p.c.post('/booking-blocks', {
    name: 'New patients', location_uuid: p.loc.id, operatory_uuids: p.ops.map((o) => o.id),
    provider_uuids: [p.dentist.id, p.hygienist.id], appointment_type_uuid: p.type.id, metadata: { source: 'test' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const block = res.body;
  const slot = async (over: Record<string, unknown> = {}) => {
    const made = await p.c.post('/slots', {
      booking_block_id: block.id, start_date: '2026-03-11T13:00:00Z', end_date: '2026-03-11T14:00:00Z', ...over,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    return made.body;
  };
  /** A booking body for POST /slots/{id}/appointments. */
  const booking = (over: Record<string, unknown> = {}) => ({ patient_uuid: p.patient.id, ...over });
  return { ...p, block, slot, booking };
}
