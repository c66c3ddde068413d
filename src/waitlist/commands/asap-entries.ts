import { notFound, versionConflict } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { isUniqueViolation } from '../../core/db/records.ts';
import type { LocationScope } from '../../core/scope.ts';
import { localDate } from '../../core/time.ts';
import { ACTIVE_STATUSES, effectiveStatus } from '../domain/entry-status.ts';
import {
  ACTIVE_ENTRY_KEY, findActiveEntry, insertEntry, lockEntries, lockEntry, removeEntries, replaceEntryLocations, storeExpired, updateEntry,
  type EntryFields, type LockedEntry,
} from '../db/asap-entries.ts';
import { requirePatient } from '../../practice/index.ts';
import { entryExists, requireLocationZone, requireRanges, requireReferences, requireTransition } from './entry-checks.ts';
import { recordEntryEvents } from './entry-webhook-events.ts';

const ENTRY = 'ASAP entry';
const ENTRY_LOC = ['path', 'entry_uuid'];

/** Who writes and when: the organisation, the caller's locations and the injected clock's instant. */
export interface Writer {
  orgId: string;
  scope: LocationScope;
  now: Date;
}

/**
 * 409 already_exists unless the entry `key` would be the only active one of its patient, location and
 * type. An older active entry past its date range (expired as read) is stored expired to make way (an
 * `asap_entry.updated` event, action expired).
 */
async function requireNoActiveDuplicate(
  tx: Db, w: Writer, key: { patientId: string; locationId: string; typeId: string | null }, zone: string, exceptId: string | null,
): Promise<void> {
  const other = await findActiveEntry(tx, w.orgId, key, exceptId);
  if (!other) return;
  if (effectiveStatus('waiting', other.date_range_end, localDate(w.now, zone)) !== 'expired') throw entryExists(other.id);
  await recordEntryEvents(tx, w.orgId, 'expired', [await storeExpired(tx, w.orgId, other.id)]);
}

/**
 * Creates an entry (status waiting, version 1, created at `w.now`) and records `asap_entry.created`: 422 for a
 * reversed date range or time window, 404 for an unknown patient, location, type, provider, priority, additional
 * location or appointment, then 409 already_exists naming the active entry of the same patient, location and
 * type (the unique key settles a race the same way). Returns the id.
 */
export async function createEntry(
  db: Db, w: Writer, patientId: string, locationId: string, fields: EntryFields, additional: string[],
): Promise<string> {
  requireRanges(fields);
  const key = { patientId, locationId, typeId: fields.appointment_type_id };
  try {
    return await withTransaction(db, async (tx) => {
      await requirePatient(tx, w.orgId, patientId, ['body', 'patient_uuid']);
      const zone = await requireLocationZone(tx, w.orgId, w.scope, locationId, ['body', 'location_uuid']);
      await requireReferences(tx, w.orgId, w.scope, patientId, fields, additional);
      await requireNoActiveDuplicate(tx, w, key, zone, null);
      const entry = await insertEntry(tx, w.orgId, patientId, locationId, fields, w.now);
      await replaceEntryLocations(tx, w.orgId, entry.id, additional.filter((l) => l !== locationId));
      await recordEntryEvents(tx, w.orgId, 'created', [entry]);
      return entry.id;
    });
  } catch (err) {
    if (!isUniqueViolation(err, ACTIVE_ENTRY_KEY)) throw err;
    throw entryExists((await findActiveEntry(db, w.orgId, key))?.id);
  }
}

/** Locks entry `id` visible to the writer for a change (404 at path.entry_uuid). */
export async function lockVisibleEntry(tx: Db, w: Writer, id: string): Promise<LockedEntry> {
  const row = await lockEntry(tx, w.orgId, id, w.scope);
  if (!row) throw notFound(ENTRY, ENTRY_LOC);
  return row;
}

/**
 * Changes the given fields of entry `id` (version + 1): 404 unknown; 409 version_conflict when
 * `baseVersion` is given and stale; 422 for the resulting reversed range or window; 404 for unknown
 * references; 409 state_conflict for a `status` the state table refuses from the stored status (`update`);
 * 409 already_exists when the entry would be a second active one of its patient, location and type.
 * Records `asap_entry.updated` (action updated).
 */
export async function changeEntry(
  db: Db, w: Writer, id: string, baseVersion: number | undefined, changes: Partial<EntryFields>, additional: string[] | undefined,
): Promise<void> {
  try {
    await withTransaction(db, async (tx) => {
      const current = await lockVisibleEntry(tx, w, id);
      if (baseVersion !== undefined && current.version !== baseVersion) throw versionConflict(current.version);
      const after = { ...current, ...definedOnly(changes) };
      requireRanges(after);
      await requireReferences(tx, w.orgId, w.scope, current.patient_id, changes, additional);
      if (changes.status !== undefined) {
        requireTransition(current.status, changes.status, 'update', ['body', 'status']);
      }
      if (ACTIVE_STATUSES.includes(after.status)) {
        await requireNoActiveDuplicate(tx, w,
          { patientId: current.patient_id, locationId: current.location_id, typeId: after.appointment_type_id }, current.timezone, id);
      }
      const entry = await updateEntry(tx, w.orgId, id, changes);
      if (additional !== undefined) await replaceEntryLocations(tx, w.orgId, id, additional.filter((l) => l !== current.location_id));
      await recordEntryEvents(tx, w.orgId, 'updated', [entry]);
    });
  } catch (err) {
    if (!isUniqueViolation(err, ACTIVE_ENTRY_KEY)) throw err;
    throw entryExists(undefined);
  }
}

/**
 * Takes entry `id` off the list (status removed, version + 1; `asap_entry.updated`, action removed); 404 unknown;
 * an entry already removed is left as is.
 */
export function removeEntry(db: Db, w: Writer, id: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    const current = await lockVisibleEntry(tx, w, id);
    if (current.status === 'removed') return;
    requireTransition(current.status, 'removed', 'remove');
    await recordEntryEvents(tx, w.orgId, 'removed', [await updateEntry(tx, w.orgId, id, { status: 'removed' })]);
  });
}

/**
 * Removes every entry of `ids` in one transaction and returns how many changed (entries already removed
 * are not counted; a repeated id counts once), with an `asap_entry.updated` event (action removed) for each.
 * An unknown or invisible id → 404 at body.entry_uuids[i] and nothing is removed.
 */
export function bulkRemoveEntries(db: Db, w: Writer, ids: string[]): Promise<number> {
  return withTransaction(db, async (tx) => {
    const wanted = ids.map((id) => id.toLowerCase());
    const found = new Map((await lockEntries(tx, w.orgId, [...new Set(wanted)], w.scope)).map((r) => [r.id, r.status]));
    const missing = wanted.findIndex((id) => !found.has(id));
    if (missing >= 0) throw notFound(ENTRY, ['body', 'entry_uuids', missing]);
    const toRemove = [...found].filter(([, status]) => status !== 'removed').map(([id]) => id);
    await recordEntryEvents(tx, w.orgId, 'removed', await removeEntries(tx, w.orgId, toRemove));
    return toRemove.length;
  });
}

/** `changes` without the keys whose value is undefined (so a spread never overwrites with undefined). */
export function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
