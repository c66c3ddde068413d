import { AppError, notFound } from '../../core/errors.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { getLocation } from '../../practice/index.ts';
import type { LocationScope } from '../../core/scope.ts';
import { deleteOrArchive, updateVersioned, isUniqueViolation } from '../../core/db/records.ts';
import {
  SCHEDULE_NOTE_UNIQUE_KEY, findScheduleNoteId, getScheduleNote, insertScheduleNote,
  type NewScheduleNote, type ScheduleNoteRow,
} from '../db/schedule-notes.ts';

function noteExists(date: string, id: string | undefined): AppError {
  const which = id ? ` (note ${id})` : '';
  return new AppError('already_exists', `The location already has a note on ${date}${which}`, ['body', 'note_date']);
}

/**
 * Creates the note of a location (visible in `scope`, else 404 at body.location_uuid) for one date.
 * A location and date that already have a note → 409 already_exists naming it; the unique key settles
 * a race between two creates the same way.
 */
export async function createScheduleNote(db: Db, orgId: string, scope: LocationScope, input: NewScheduleNote): Promise<ScheduleNoteRow> {
  try {
    return await withTransaction(db, async (tx) => {
      if (!(await getLocation(tx, orgId, input.location_id, scope))) throw notFound('Location', ['body', 'location_uuid']);
      const existing = await findScheduleNoteId(tx, orgId, input.location_id, input.note_date);
      if (existing) throw noteExists(input.note_date, existing);
      return insertScheduleNote(tx, orgId, input);
    });
  } catch (err) {
    if (!isUniqueViolation(err, SCHEDULE_NOTE_UNIQUE_KEY)) throw err;
    // The transaction is over (rolled back), so `db` can look up the note that won the race.
    throw noteExists(input.note_date, await findScheduleNoteId(db, orgId, input.location_id, input.note_date));
  }
}

/** Changes the text of a note of a location in `scope`, guarded by `baseVersion` (not_found / version_conflict). */
export function updateScheduleNote(
  db: Db, orgId: string, scope: LocationScope, id: string, baseVersion: number, changes: { note?: string },
): Promise<ScheduleNoteRow> {
  return withTransaction(db, async (tx) => {
    await updateVersioned(tx, {
      table: 'schedule_notes', what: 'Schedule note', idParam: 'note_uuid', orgId, id, baseVersion, changes,
      ...(scope ? { scopeSql: 'location_id = ANY($?)', scopeValue: scope } : {}),
    });
    return (await getScheduleNote(tx, orgId, id, scope))!;
  });
}

/** Hard-deletes a note of a location in `scope`; not_found when there is none. */
export function removeScheduleNote(db: Db, orgId: string, scope: LocationScope, id: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    if (!(await getScheduleNote(tx, orgId, id, scope))) throw notFound('Schedule note', ['path', 'note_uuid']);
    await deleteOrArchive(tx, 'schedule_notes', orgId, id);
  });
}
