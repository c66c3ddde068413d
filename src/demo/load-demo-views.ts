import type pg from 'pg';
import type { Actor } from '../appointments/index.ts';
import { createSavedSearch, FIND_FREE_TIME } from '../saved-searches/index.ts';
import { createScheduleView, VIEW_PRESETS } from '../views/index.ts';
import { DEMO_APPOINTMENT_TYPES, DEMO_LOCATIONS } from './demo-data.ts';
import type { DemoRefs } from './load-demo-schedule.ts';

/**
 * How the demo's front desk looks at its days: a shared "Front desk" view per location (every chair, the
 * location's hours, the front-desk preset's card, bubble and colours), and the manager's default saved
 * search — hour-long new-patient exams at Brooklyn on weekday mornings. Runs inside the demo's transaction.
 */
export async function loadDemoViews(tx: pg.PoolClient, actor: Actor, refs: DemoRefs, typeIds: string[]): Promise<void> {
  const preset = VIEW_PRESETS.find((p) => p.key === 'front_desk')!;
  for (const l of DEMO_LOCATIONS) {
    const opens = l.openHours.map((h) => h.start_time).sort()[0]!;
    const closes = l.openHours.map((h) => h.end_time).sort().at(-1)!;
    await createScheduleView(tx, { orgId: actor.orgId, userId: actor.userId!, role: 'admin', scope: null }, {
      location_uuid: refs.locations[l.key], name: `Front desk — ${l.name.split(' — ')[1]}`, visibility: 'shared', view_type: 'daily',
      start_time: opens, end_time: closes, time_increment: 10, operatory_uuids: refs.operatories[l.key],
      card_layout: preset.card_layout, bubble_layout: preset.bubble_layout, color_config: preset.color_config,
    });
  }
  await createSavedSearch(tx, actor.orgId, actor.userId!, {
    name: 'New patients, weekday mornings (Brooklyn)', search_type: FIND_FREE_TIME, is_default: true,
    criteria: {
      location_uuid: refs.locations.east, appointment_type_uuid: typeIds[DEMO_APPOINTMENT_TYPES.findIndex((t) => t.name === 'New Patient Exam')],
      days_of_week: [0, 1, 2, 3, 4], earliest_time: '08:00', latest_time: '12:00', step_minutes: 15, one_per_start: true,
    },
  });
}
