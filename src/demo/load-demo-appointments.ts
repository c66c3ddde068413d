import type pg from 'pg';
import { AppError } from '../core/errors.ts';
import {
  listHolidayDates, listOverridesBetween, listTemplatesInForceBetween, resolveProviderDays, toOverrideRule, toTemplateRule,
} from '../schedule/index.ts';
import { addDays, wallSeconds } from '../core/time.ts';
import { getLocation } from '../practice/index.ts';
import { createAppointment, type Actor, breakAppointment, cancelAppointment, transitionAppointment } from '../appointments/index.ts';
import { DEMO_APPOINTMENT_TYPES, DEMO_PROVIDERS } from './demo-data.ts';
import { seededRandom } from '../core/random.ts';

/** What the appointment generator needs from the rest of the demo. */
export interface DemoBook {
  locationIds: string[];
  providers: string[];
  typeIds: string[];
  patientIds: string[];
}

// Which demo types each kind of provider books (indexes into DEMO_APPOINTMENT_TYPES).
const TYPES_FOR = { dentist: [0, 3, 4, 5, 6, 7, 8, 11], hygienist: [1, 1, 1, 2, 9, 10] } as const;

const hhmm = (seconds: number) => `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}`;

/**
 * Four weeks of appointments around `today` (two before, two after), booked through the same command
 * as the API into each provider's resolved working ranges: chairs fill up with the provider's kinds of
 * visits and a few gaps. Past visits are mostly completed, some broken or cancelled; future ones stay
 * scheduled. A slot the rules refuse (a staff meeting, a holiday) is simply skipped.
 */
export async function loadDemoAppointments(tx: pg.PoolClient, actor: Actor, book: DemoBook, today: string): Promise<number> {
  const rand = seededRandom(4242);
  const from = addDays(today, -14);
  const to = addDays(today, 13);
  const dates = Array.from({ length: 28 }, (_, i) => addDays(from, i));
  let booked = 0;
  for (const locationId of book.locationIds) {
    const location = (await getLocation(tx, actor.orgId, locationId, null))!;
    const holidays = new Set(await listHolidayDates(tx, actor.orgId, locationId, from, to));
    const templates = (await listTemplatesInForceBetween(tx, actor.orgId, locationId, from, to)).map(toTemplateRule);
    const overrides = (await listOverridesBetween(tx, actor.orgId, locationId, from, to)).map(toOverrideRule);
    // In a fixed order (date, then provider as listed), whatever order the rows came in: the same practice every time.
    const days = resolveProviderDays(templates, overrides, dates, location.timezone)
      .sort((a, b) => a.date.localeCompare(b.date) || book.providers.indexOf(a.providerId) - book.providers.indexOf(b.providerId));
    for (const day of days) {
      if (holidays.has(day.date)) continue;
      const kind = DEMO_PROVIDERS[book.providers.indexOf(day.providerId)]!.provider_type as keyof typeof TYPES_FOR;
      for (const range of [...day.ranges].sort((a, b) => a.startTime.localeCompare(b.startTime))) {
        let cursor = wallSeconds(range.startTime);
        while (true) {
          if (rand() < 0.15) cursor += 30 * 60; // an open slot now and then
          const t = TYPES_FOR[kind][Math.floor(rand() * TYPES_FOR[kind].length)]!;
          const end = cursor + DEMO_APPOINTMENT_TYPES[t]!.time_pattern.length * 5 * 60;
          if (end > wallSeconds(range.endTime)) break;
          const id = await tryBook(tx, actor, {
            patient_uuid: book.patientIds[Math.floor(rand() * book.patientIds.length)]!, location_uuid: locationId,
            operatory_uuid: range.operatoryId, appointment_type_uuid: book.typeIds[t]!, provider_uuid: day.providerId,
            schedule_date: day.date, start_time: hhmm(cursor), end_time: hhmm(end),
          });
          cursor = id ? end : cursor + 15 * 60;
          if (!id) continue;
          booked++;
          if (day.date < today) await settlePast(tx, actor, id, rand());
        }
      }
    }
  }
  return booked;
}

async function tryBook(tx: pg.PoolClient, actor: Actor, body: Parameters<typeof createAppointment>[2]): Promise<string | null> {
  try {
    return await createAppointment(tx, actor, body);
  } catch (err) {
    if (err instanceof AppError && err.code === 'slot_conflict') return null;
    throw err;
  }
}

/** A past visit: completed (most), broken (no-show) or cancelled. */
async function settlePast(tx: pg.PoolClient, actor: Actor, id: string, roll: number): Promise<void> {
  if (roll < 0.82) await transitionAppointment(tx, actor, id, { base_version: 1, status: 'complete' });
  else if (roll < 0.92) await breakAppointment(tx, actor, id, { base_version: 1, note: 'No show' });
  else await cancelAppointment(tx, actor, id, { base_version: 1, cancelled_by: 'patient', note: 'Called to cancel' });
}
