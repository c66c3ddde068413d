import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withTransaction, type Db } from '../core/db/client.ts';
import {
  countOrganizations, createLocation, createOperatory, createOrganization, createPatient, createProcedureCode, createProvider,
} from '../practice/index.ts';
import { createAppointmentType } from '../appointments/index.ts';
import { loadDemoAppointments } from './load-demo-appointments.ts';
import { loadDemoOnlineBooking } from './load-demo-booking.ts';
import { loadDemoViews } from './load-demo-views.ts';
import { loadDemoDemand, loadDemoRecallTypes } from './load-demo-recalls.ts';
import { wireAreas } from '../core/http/app.ts';
import { loadDemoSchedule, type DemoRefs } from './load-demo-schedule.ts';
import { localDate } from '../core/time.ts';
import {
  DEMO_APPOINTMENT_TYPES, DEMO_DEFAULT_TYPE, DEMO_LOCATIONS, DEMO_OPERATORIES, DEMO_ORG_NAME, DEMO_PROCEDURE_CODES, DEMO_PROVIDERS, demoPatients,
} from './demo-data.ts';

export interface DemoCredentials {
  org_id: string;
  org_name: string;
  admin_email: string;
  token: string;
}

const CREDENTIALS_FILE = 'demo-credentials.json';

/**
 * Loads the demo practice into a new organisation, in one transaction (a failure leaves no half-built demo)
 * and through the same commands the API uses: reference data, a schedule around `now`, online booking
 * (booking blocks with slots, services with time slots), a shared front-desk view per location and the
 * manager's saved search, recall types with their triggers, four weeks of appointments (completing the past
 * ones sets recalls), then due and overdue recalls and an ASAP list. Returns the admin credentials.
 */
export function loadDemo(db: Db, now: Date = new Date()): Promise<DemoCredentials> {
  // Completing the demo's past visits advances recalls, booking marks ASAP entries: the areas must be listening.
  wireAreas();
  return withTransaction(db, async (tx) => {
    const { org, admin, token } = await createOrganization(tx, {
      name: DEMO_ORG_NAME, adminName: 'Practice Manager', adminEmail: 'manager@riverside-dental.example',
    });
    const codeIds = new Map<string, string>();
    for (const c of DEMO_PROCEDURE_CODES) {
      codeIds.set(c.code, (await createProcedureCode(tx, org.id, { code: c.code, description: c.description, default_fee: c.fee, default_minutes: c.minutes })).id);
    }
    const typeIds: string[] = [];
    for (const [i, t] of DEMO_APPOINTMENT_TYPES.entries()) {
      typeIds.push((await createAppointmentType(tx, org.id, null, {
        name: t.name, abbrev: t.abbrev, color: t.color, time_pattern: t.time_pattern, item_order: i, procedure_codes_to_add: t.add,
      })).id);
    }
    const refs: DemoRefs = { locations: { east: '', west: '' }, operatories: { east: [], west: [] }, providers: [] };
    for (const l of DEMO_LOCATIONS) {
      const loc = await createLocation(tx, org.id, null, {
        name: l.name, timezone: l.timezone, address: l.address, phone: l.phone, is_active: true,
        open_hours: [...l.openHours], default_appointment_type_id: typeIds[DEMO_DEFAULT_TYPE]!,
      });
      refs.locations[l.key] = loc.id;
      for (const [i, o] of DEMO_OPERATORIES.entries()) {
        refs.operatories[l.key].push((await createOperatory(tx, org.id, null, { location_id: loc.id, ...o, item_order: i, is_active: true })).id);
      }
    }
    for (const p of DEMO_PROVIDERS) refs.providers.push((await createProvider(tx, org.id, { ...p, is_active: true })).id);
    const patientIds: string[] = [];
    for (const p of demoPatients()) patientIds.push((await createPatient(tx, org.id, { ...p, is_active: true }, now)).id);
    const today = localDate(now, DEMO_LOCATIONS[0].timezone);
    await loadDemoSchedule(tx, org.id, refs, today);
    const actor = { orgId: org.id, userId: admin.id, scope: null };
    await loadDemoOnlineBooking(tx, actor, refs, typeIds, today);
    await loadDemoViews(tx, actor, refs, typeIds);
    const recallTypes = await loadDemoRecallTypes(tx, org.id, typeIds, codeIds);
    await loadDemoAppointments(tx, actor, {
      locationIds: Object.values(refs.locations), providers: refs.providers, typeIds, patientIds,
    }, today);
    await loadDemoDemand(tx, actor, refs, typeIds, recallTypes, patientIds, today, now);
    return { org_id: org.id, org_name: org.name, admin_email: admin.email, token };
  });
}

/** Writes the demo credentials to `<dataDir>/demo-credentials.json` (mode 0600: it holds a token). */
export async function saveDemoCredentials(creds: DemoCredentials, dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, CREDENTIALS_FILE), JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
}

/**
 * On a database without any organisation, loads the demo and saves its credentials; otherwise returns
 * the saved credentials of an earlier demo, if any, so every start can show them again.
 */
export async function ensureDemo(db: Db, dataDir: string): Promise<DemoCredentials | null> {
  if ((await countOrganizations(db)) === 0) {
    const creds = await loadDemo(db);
    await saveDemoCredentials(creds, dataDir);
    return creds;
  }
  const saved = await readFile(path.join(dataDir, CREDENTIALS_FILE), 'utf8').catch(() => null);
  return saved ? (JSON.parse(saved) as DemoCredentials) : null;
}

/** Prints where to start: the docs URL, the organisation id and an admin token. */
export function printDemoCredentials(creds: DemoCredentials, baseUrl: string, dataDir: string): void {
  process.stdout.write([
    '',
    `  chairtime demo practice: ${creds.org_name}`,
    `  API reference:  ${baseUrl}/docs`,
    `  organisation:   ${creds.org_id}`,
    `  admin token:    ${creds.token}`,
    `  try:            curl -H "Authorization: Bearer ${creds.token}" ${baseUrl}/api/v1/${creds.org_id}/locations`,
    `  (kept in ${path.join(dataDir, CREDENTIALS_FILE)})`,
    '',
    '',
  ].join('\n'));
}
