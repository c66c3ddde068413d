import type pg from 'pg';
import { addDays, dayOfWeek, resolveLocal } from '../core/time.ts';
import type { Actor } from '../appointments/index.ts';
import { createService, saveTimeSlots } from '../services/index.ts';
import { createBookingBlock, createSlot } from '../slots/index.ts';
import { DEMO_APPOINTMENT_TYPES, DEMO_LOCATIONS } from './demo-data.ts';
import type { DemoRefs } from './load-demo-schedule.ts';

const type = (typeIds: string[], name: string) => typeIds[DEMO_APPOINTMENT_TYPES.findIndex((t) => t.name === name)]!;
const at = (date: string, time: string, zone: string) => new Date(resolveLocal(date, time, zone).at.epochMilliseconds).toISOString();

/**
 * What online booking offers in the demo, at Brooklyn: a new-patient block with an hour's slot each Tuesday
 * and Thursday afternoon of the next two weeks (Dr Chen, one place each) and a Saturday hygiene clinic block
 * (two hygienists, two places a slot); and two services with weekly time slots — cleanings with the Brooklyn
 * hygienists, emergency exams with Dr Webb in Pasadena. Runs inside the demo's transaction.
 */
export async function loadDemoOnlineBooking(tx: pg.PoolClient, actor: Actor, refs: DemoRefs, typeIds: string[], today: string): Promise<void> {
  const zone = DEMO_LOCATIONS[0].timezone;
  const [chen, webb, ortiz, patel] = refs.providers;
  const ops = refs.operatories.east;
  const newPatients = await createBookingBlock(tx, actor, {
    name: 'New patient visits', location_uuid: refs.locations.east, operatory_uuids: [ops[1]!, ops[2]!], provider_uuids: [chen!],
    appointment_type_uuid: type(typeIds, 'New Patient Exam'), metadata: { channel: 'website' },
  });
  const hygiene = await createBookingBlock(tx, actor, {
    name: 'Saturday hygiene clinic', location_uuid: refs.locations.east, operatory_uuids: [ops[4]!, ops[5]!], provider_uuids: [ortiz!, patel!],
    appointment_type_uuid: type(typeIds, 'Adult Recall'), metadata: { channel: 'website' },
  });
  const monday = addDays(today, 7 - dayOfWeek(today));
  for (let d = 0; d < 14; d++) {
    const date = addDays(monday, d);
    const slot = (block: string, start: string, end: string, capacity: number) => createSlot(tx, actor, {
      booking_block_id: block, start_date: at(date, start, zone), end_date: at(date, end, zone), capacity, status: 'active', lockable: true,
    });
    if (dayOfWeek(date) === 1 || dayOfWeek(date) === 3) await slot(newPatients, '14:00:00', '15:00:00', 1);
    if (dayOfWeek(date) === 5) {
      for (const [start, end] of [['08:00:00', '09:00:00'], ['09:00:00', '10:00:00'], ['10:00:00', '11:00:00'], ['11:00:00', '12:00:00']]) {
        await slot(hygiene, start!, end!, 2);
      }
    }
  }
  const placeholder = (time: string) => `2023-01-01 ${time}`;
  const cleaning = await createService(tx, actor.orgId, null, {
    name: 'Teeth cleaning', description: 'Adult cleaning and check-up with a hygienist', location_id: refs.locations.east,
    appointment_type_id: type(typeIds, 'Adult Recall'), duration_minutes: null, is_active: true, provider_ids: [ortiz!, patel!],
  });
  await saveTimeSlots(tx, actor.orgId, null, cleaning.id, [
    { day_of_week: 0, start_time: placeholder('13:00:00'), end_time: placeholder('16:00:00'), max_bookings: 3 },
    { day_of_week: 1, start_time: placeholder('09:00:00'), end_time: placeholder('12:00:00'), max_bookings: 3 },
    { day_of_week: 3, start_time: placeholder('13:00:00'), end_time: placeholder('18:00:00'), max_bookings: 5 },
  ]);
  const emergency = await createService(tx, actor.orgId, null, {
    name: 'Emergency exam', description: 'Same-week visit for pain or a broken tooth', location_id: refs.locations.west,
    appointment_type_id: type(typeIds, 'Emergency Exam'), duration_minutes: null, is_active: true, provider_ids: [webb!],
  });
  await saveTimeSlots(tx, actor.orgId, null, emergency.id,
    [0, 1, 2, 3, 4].map((day) => ({ day_of_week: day, start_time: placeholder('09:00:00'), end_time: placeholder('10:00:00'), max_bookings: 2 })));
}
