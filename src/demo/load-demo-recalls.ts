import type pg from 'pg';
import { addDays } from '../core/time.ts';
import { AppError } from '../core/errors.ts';
import type { Actor } from '../appointments/index.ts';
import { createPatientRecall, createRecallTrigger, createRecallType } from '../recalls/index.ts';
import { createEntry, toEntryFields } from '../waitlist/index.ts';
import { DEMO_APPOINTMENT_TYPES } from './demo-data.ts';
import type { DemoRefs } from './load-demo-schedule.ts';

const typeId = (typeIds: string[], name: string) => typeIds[DEMO_APPOINTMENT_TYPES.findIndex((t) => t.name === name)]!;

/**
 * The recall types a dental practice runs, each started or advanced by its procedure: prophylaxis (D1110)
 * and periodic exam (D0120) every six months, bitewings (D0274) every twelve. Loaded before the demo's
 * appointments, so completing the past ones sets their patients' recalls as it would in practice.
 * Returns the recall type ids by name.
 */
export async function loadDemoRecallTypes(tx: pg.PoolClient, orgId: string, typeIds: string[], codeIds: Map<string, string>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const types = [
    { name: 'Prophy', description: 'Adult cleaning', code: 'D1110', interval: { months: 6 }, type: 'Adult Recall' },
    { name: 'Periodic exam', description: 'Periodic oral evaluation', code: 'D0120', interval: { months: 6 }, type: 'Adult Recall' },
    { name: 'Bitewings', description: 'Four bitewing radiographs', code: 'D0274', interval: { months: 12 }, type: null },
  ];
  for (const [i, t] of types.entries()) {
    const row = await createRecallType(tx, orgId, {
      name: t.name, description: t.description, default_interval: t.interval,
      appointment_type_id: t.type ? typeId(typeIds, t.type) : null, is_active: true, item_order: i,
    });
    await createRecallTrigger(tx, orgId, row.id, codeIds.get(t.code)!);
    ids.set(t.name, row.id);
  }
  return ids;
}

/** Creates a recall unless the patient already has one of the type (a completed demo visit may have made it). */
async function recallUnlessAny(tx: pg.PoolClient, orgId: string, now: Date, patientId: string, recallTypeId: string, due: string): Promise<string | null> {
  try {
    return (await createPatientRecall(tx, orgId, now, { patientId, recallTypeId, date_due: due, interval: null, is_disabled: false, note: '' })).id;
  } catch (err) {
    if (err instanceof AppError && err.code === 'already_exists') return null;
    throw err;
  }
}

/**
 * The practice's own demand, after the appointments: patients whose cleaning came due before the demo's
 * history began (overdue, a few weeks to four months) or comes due in the next weeks, and an ASAP list —
 * urgent and routine entries at both locations, one from an overdue recall, one open to either location,
 * one with preferred days and times.
 */
export async function loadDemoDemand(
  tx: pg.PoolClient, actor: Actor, refs: DemoRefs, typeIds: string[], recallTypes: Map<string, string>, patientIds: string[], today: string, now: Date,
): Promise<void> {
  const prophy = recallTypes.get('Prophy')!;
  const recalls: (string | null)[] = [];
  for (let i = 0; i < 48; i++) {
    const patient = patientIds[patientIds.length - 1 - i]!;
    // Three of four overdue (7 to 124 days), the rest due within the next four weeks.
    const due = i % 4 === 3 ? addDays(today, 2 + 2 * i / 4) : addDays(today, -7 - (i * 37) % 118);
    recalls.push(await recallUnlessAny(tx, actor.orgId, now, patient, prophy, due));
  }
  const [chen, webb, ortiz] = refs.providers;
  const w = { orgId: actor.orgId, scope: null, now };
  const entries: [number, string, Parameters<typeof toEntryFields>[0]][] = [
    [0, refs.locations.east, { urgency: 'urgent', appointment_type_uuid: typeId(typeIds, 'Emergency Exam'), estimated_duration_mins: 30, note: 'Cracked molar, wants the first opening' }],
    [1, refs.locations.east, { urgency: 'soon', appointment_type_uuid: typeId(typeIds, 'Crown Seat'), provider_uuid: chen, estimated_duration_mins: 40 }],
    [2, refs.locations.east, { urgency: 'routine', appointment_type_uuid: typeId(typeIds, 'Adult Recall'), provider_uuid: ortiz, estimated_duration_mins: 60, preferred_days: [1, 3], preferred_time_start: '07:00', preferred_time_end: '10:00', note: 'Before work only' }],
    [3, refs.locations.east, { urgency: 'flexible', appointment_type_uuid: typeId(typeIds, 'Filling - One Surface'), estimated_duration_mins: 40, location_scope: 'any' }],
    [4, refs.locations.west, { urgency: 'soon', appointment_type_uuid: typeId(typeIds, 'Filling - Two Surfaces'), provider_uuid: webb, estimated_duration_mins: 60, date_range_start: today, date_range_end: addDays(today, 21) }],
    [5, refs.locations.west, { urgency: 'routine', appointment_type_uuid: typeId(typeIds, 'Perio Maintenance'), estimated_duration_mins: 60, preferred_days: [4], note: 'Fridays off work' }],
  ];
  for (const [i, location, body] of entries) {
    await createEntry(tx, w, patientIds[i * 7 + 3]!, location, toEntryFields(body), []);
  }
  // An overdue recall put on the list, so the desk fills a cancellation with it.
  const overdue = recalls.findIndex((r, i) => r !== null && i % 4 !== 3);
  if (overdue >= 0) {
    await createEntry(tx, w, patientIds[patientIds.length - 1 - overdue]!, refs.locations.east, toEntryFields({
      urgency: 'soon', appointment_type_uuid: typeId(typeIds, 'Adult Recall'), estimated_duration_mins: 60,
      recall_uuid: recalls[overdue]!, source: 'recall', note: 'Overdue cleaning',
    }), []);
  }
}
