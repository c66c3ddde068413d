import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** A schedule note joined with the name of its location (for the lightweight `location` reference). */
export interface ScheduleNoteRow {
  org_id: string;
  id: string;
  location_id: string;
  location_name: string;
  note_date: string;
  note: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ScheduleNoteFilter {
  locationId?: string;
  /** Inclusive local dates, YYYY-MM-DD. */
  dateFrom?: string;
  dateTo?: string;
}

/** The unique key that allows one note per location and date. */
export const SCHEDULE_NOTE_UNIQUE_KEY = 'schedule_notes_org_id_location_id_note_date_key';

const FROM = 'schedule_notes n JOIN locations l ON l.org_id = n.org_id AND l.id = n.location_id';
const COLUMNS = 'n.*, l.name AS location_name';

/** Lists notes of the locations in `scope`, by note_date, then location name, location id and id. */
export function listScheduleNotes(db: Db, orgId: string, scope: LocationScope, f: ScheduleNoteFilter, page: PageRequest) {
  const where = new Filter(orgId, 'n')
    .add('n.location_id = ANY($?)', scope ?? undefined)
    .add('n.location_id = $?', f.locationId)
    .add('n.note_date >= $?', f.dateFrom)
    .add('n.note_date <= $?', f.dateTo);
  return selectPage<ScheduleNoteRow>(db, COLUMNS, FROM, where, 'n.note_date, lower(l.name), n.location_id, n.id', page);
}

/** One note of a location in `scope`, or undefined. */
export function getScheduleNote(db: Db, orgId: string, id: string, scope: LocationScope): Promise<ScheduleNoteRow | undefined> {
  return one<ScheduleNoteRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE n.org_id = $1 AND n.id = $2 AND ($3::uuid[] IS NULL OR n.location_id = ANY($3))`, [orgId, id, scope]);
}

/** The id of the note of `locationId` on `noteDate`, or undefined (there is at most one). */
export async function findScheduleNoteId(db: Db, orgId: string, locationId: string, noteDate: string): Promise<string | undefined> {
  const row = await one<{ id: string }>(db,
    'SELECT id FROM schedule_notes WHERE org_id = $1 AND location_id = $2 AND note_date = $3', [orgId, locationId, noteDate]);
  return row?.id;
}

export interface NewScheduleNote {
  location_id: string;
  note_date: string;
  note: string;
}

/** Inserts a note; a second note for the same location and date raises 23505 on SCHEDULE_NOTE_UNIQUE_KEY. */
export async function insertScheduleNote(db: Db, orgId: string, n: NewScheduleNote): Promise<ScheduleNoteRow> {
  return (await one<ScheduleNoteRow>(db, `
    WITH n AS (
      INSERT INTO schedule_notes (org_id, location_id, note_date, note) VALUES ($1, $2, $3, $4) RETURNING *)
    SELECT ${COLUMNS} FROM n JOIN locations l ON l.org_id = n.org_id AND l.id = n.location_id`,
  [orgId, n.location_id, n.note_date, n.note]))!;
}
