import type { Db } from '../../core/db/client.ts';
import { insertHistory } from '../db/appointment-history.ts';
import type { AppointmentRecord } from '../db/appointments.ts';
import { runListenerParts, type ListenerPart } from '../db/listener-statement.ts';
import { APPOINTMENT_JSON_OF_CHANGE } from '../db/appointment-json.ts';

/**
 * One change to an appointment, as other areas hear it: inside the transaction that made it, after the
 * row was written (for `deleted`, after it was removed) and its history entry appended. `action` is the
 * history action (`created`, `updated`, `moved`, `placed`, `status_changed`, `broken`, `cancelled`,
 * `pinboarded`, `deleted`, `providers_replaced`, `procedure_added`, `procedure_removed`, `flow_status_set`,
 * `confirmation_changed`).
 */
export interface AppointmentChange {
  orgId: string;
  appointmentId: string;
  action: string;
  /** The row as it was before the change; null for `created` and where the command did not read it. */
  before: AppointmentRecord | null;
  actorUserId: string | null;
  /** The request's instant by the app's injected clock; absent where a caller has none (the database's clock then). */
  now?: Date;
  /** What the request asked of other areas, e.g. `{add_to_asap: true}` on break and cancel. */
  options: Record<string, unknown>;
}

/**
 * Runs in the appointment's transaction: what it writes commits or rolls back with the appointment,
 * and an error it throws fails the whole request. Read the row after the change with getAppointment(tx, …).
 * A listener whose work is SQL gives it as a part instead (`{ part }`, null for a change it ignores): the parts
 * of every such listener run as one statement (see ListenerPart), before the function listeners, each in the
 * order registered. Only a part's `then` may write the appointment's own row, and it then says so (the
 * statement's read-back of the row is stale); a function listener never writes it.
 */
export type AppointmentListener =
  | ((tx: Db, change: AppointmentChange) => Promise<void>)
  | { part: (change: AppointmentChange) => ListenerPart | null };

const listeners = new Set<AppointmentListener>();

/** Registers a listener once (registering the same listener again changes nothing); app.ts does it. */
export function onAppointmentChange(listener: AppointmentListener): void {
  listeners.add(listener);
}

/**
 * Appends an appointment's history entry and tells every listener, in the caller's transaction: the
 * one way appointment commands record a change, so areas that keep their own lists true (recalls, the
 * ASAP list) hear every change that made it into history.
 */
export async function recordChange(
  tx: Db, actor: { orgId: string; userId: string | null; now?: Date }, appointmentId: string, action: string, changes: object,
  before: AppointmentRecord | null, options: Record<string, unknown> = {},
): Promise<void> {
  await insertHistory(tx, actor.orgId, appointmentId, action, changes, actor.userId);
  await tellListeners(tx, actor, appointmentId, action, before, options);
}

/**
 * The appointment as its API answer will show it, read in the statement the listeners share: its location's zone and
 * its JSON text with local instants still as markers (db/appointment-json.ts; schemas/appointments.ts finishes it).
 */
export interface AppointmentReadBack {
  zone: string;
  json: string;
}

/**
 * Tells every listener of a change whose history entry the caller has appended itself (a booking writes it in the
 * statement that inserts the appointment); otherwise as recordChange. With `readBack`, also reads the appointment
 * back in the listeners' statement and returns it, or null when a listener wrote the row after that read (or the row
 * is gone): the caller then reads it again.
 */
export async function tellListeners(
  tx: Db, actor: { orgId: string; userId: string | null; now?: Date }, appointmentId: string, action: string,
  before: AppointmentRecord | null, options: Record<string, unknown> = {}, readBack = false,
): Promise<AppointmentReadBack | null> {
  const { orgId, userId: actorUserId, now } = actor;
  return runAppointmentListeners(tx, { orgId, appointmentId, action, before, actorUserId, ...(now ? { now } : {}), options }, listeners, readBack);
}

/** Tells `some` listeners of `change` in `tx` as tellListeners tells them all: the parts' statement, then the functions. */
export async function runAppointmentListeners(
  tx: Db, change: AppointmentChange, some: Iterable<AppointmentListener>, readBack = false,
): Promise<AppointmentReadBack | null> {
  const parts: ListenerPart[] = [];
  const functions: ((tx: Db, change: AppointmentChange) => Promise<void>)[] = [];
  for (const listener of some) {
    if (typeof listener === 'function') functions.push(listener);
    else {
      const part = listener.part(change);
      if (part) parts.push(part);
    }
  }
  const read: { text?: string | null } = {};
  if (readBack) parts.push({ with: [], result: APPOINTMENT_JSON_OF_CHANGE, then: async (_tx, r) => { read.text = r as string | null; } });
  const rowWritten = await runListenerParts(tx, change.orgId, change.appointmentId, parts);
  for (const listener of functions) await listener(tx, change);
  if (!read.text || rowWritten) return null;
  const space = read.text.indexOf(' ');
  return { zone: read.text.slice(0, space), json: read.text.slice(space + 1) };
}

/** The chair time an appointment gave up (cancel, break), for the matcher another area provides. */
export interface FreedOpening {
  orgId: string;
  /** The caller's locations (null = all): matches are limited to what the caller may see. */
  scope: string[] | null;
  appointmentId: string;
  /** The request's instant (injected clock). */
  now: Date;
  /** How many matches the response carries. */
  limit: number;
}

/** Finds who could take a freed opening; the result is carried as is in the cancel and break responses. */
export type OpeningMatcher = (db: Db, opening: FreedOpening) => Promise<unknown[]>;

let openingMatcher: OpeningMatcher | null = null;

/** Installs the opening matcher (app.ts installs the waitlist's quick-fill); the last one installed wins. */
export function provideOpeningMatches(matcher: OpeningMatcher): void {
  openingMatcher = matcher;
}

/** The matches for a freed opening, read after the change committed; [] when no matcher is installed. */
export function openingMatches(db: Db, opening: FreedOpening): Promise<unknown[]> {
  return openingMatcher ? openingMatcher(db, opening) : Promise.resolve([]);
}
