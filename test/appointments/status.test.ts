import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canTransition, STATUSES, TRANSITIONS, transitionRefusal, type AppointmentStatus, type Via } from '../../src/appointments/domain/status.ts';

describe('appointment state machine', () => {
  const allowed: [AppointmentStatus, AppointmentStatus, Via][] = [
    ['planned', 'scheduled', 'transition'],
    ['scheduled', 'complete', 'transition'],
    ['scheduled', 'broken', 'break'],
    ['scheduled', 'cancelled', 'cancel'],
    ['scheduled', 'unscheduled', 'transition'],
    ['scheduled', 'pinboard', 'pinboard'],
    ['scheduled', 'scheduled', 'move'],
    ['pinboard', 'scheduled', 'place'],
    ['broken', 'scheduled', 'move'],
    ['unscheduled', 'scheduled', 'move'],
  ];
  for (const [from, to, via] of allowed) {
    it(`${from} → ${to} via ${via} is allowed`, () => assert.equal(canTransition(from, to, via), true));
  }
  const refused: [AppointmentStatus, AppointmentStatus, Via][] = [
    ['pinboard', 'scheduled', 'transition'], // only place puts it back
    ['complete', 'scheduled', 'transition'], // complete is final
    ['cancelled', 'scheduled', 'move'], // cancelled is final
    ['broken', 'complete', 'transition'],
    ['planned', 'complete', 'transition'],
    ['scheduled', 'scheduled', 'transition'],
  ];
  for (const [from, to, via] of refused) {
    it(`${from} → ${to} via ${via} is refused with a reason`, () => {
      assert.equal(canTransition(from, to, via), false);
      assert.match(transitionRefusal(from, to, via), new RegExp(from));
    });
  }
  it('complete and cancelled are final, and every status has a row', () => {
    assert.deepEqual(Object.keys(TRANSITIONS).sort(), [...STATUSES].sort());
    assert.deepEqual(TRANSITIONS.complete, {});
    assert.deepEqual(TRANSITIONS.cancelled, {});
  });
});
