import { Type } from '@sinclair/typebox';
import { invalid, notFound } from '../../core/errors.ts';
import { getScheduleNote, listScheduleNotes } from '../db/schedule-notes.ts';
import { createScheduleNote, removeScheduleNote, updateScheduleNote } from '../commands/schedule-notes.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  CreateScheduleNoteBody, ScheduleNotePage, ScheduleNoteParams, ScheduleNoteQuery, ScheduleNoteSchema,
  UpdateScheduleNoteBody, toScheduleNoteJson,
} from '../schemas/schedule-notes.ts';

const tags = ['Schedule notes'];
const ScheduleNote = Type.Ref(ScheduleNoteSchema);

const SCOPED = 'A note of a location the caller may not see (a location-limited user sees only their locations) is 404.';

/** 422 at query.date_to when both bounds are given and date_to is before date_from (YYYY-MM-DD compares as text). */
function checkDateRange(dateFrom: string | undefined, dateTo: string | undefined): void {
  if (dateFrom !== undefined && dateTo !== undefined && dateTo < dateFrom) {
    throw invalid(['query', 'date_to'], 'date_to must not be before date_from');
  }
}

/** Schedule notes: one free-text note per location and local date, shown at the top of the calendar. */
export function scheduleNotesRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/notes', {
    schema: {
      tags, summary: 'List schedule notes',
      description: 'Notes of the locations visible to the caller (a location-limited user sees only notes of their locations), '
        + 'ordered by `note_date` ascending, then location name. Filters: `location_uuid` (a location the caller cannot see '
        + 'simply yields no items), `date_from` and `date_to` (inclusive local dates). `date_to` before `date_from` → 422.',
      querystring: ScheduleNoteQuery, response: responses({ 200: ScheduleNotePage }),
    },
  }, async (req) => {
    const { page, page_size, location_uuid, date_from, date_to } = req.query;
    checkDateRange(date_from, date_to);
    const { rows, total } = await listScheduleNotes(db, req.auth.orgId, req.auth.locationIds,
      { locationId: location_uuid, dateFrom: date_from, dateTo: date_to }, { page, pageSize: page_size });
    return { items: rows.map(toScheduleNoteJson), page, page_size, total };
  });

  app.get('/schedule/notes/:note_uuid', {
    schema: {
      tags, summary: 'Get schedule note', description: SCOPED,
      params: ScheduleNoteParams, response: responses({ 200: ScheduleNote }, [404]),
    },
  }, async (req) => {
    const row = await getScheduleNote(db, req.auth.orgId, req.params.note_uuid, req.auth.locationIds);
    if (!row) throw notFound('Schedule note', ['path', 'note_uuid']);
    return toScheduleNoteJson(row);
  });

  app.post('/schedule/notes', {
    schema: {
      tags, summary: 'Create schedule note',
      description: 'Creates the note of `location_uuid` for `note_date` (version 1). There is at most one note per location and '
        + 'date: a second → 409 `already_exists` at `["body", "note_date"]`, its message naming the existing note (update that one '
        + 'instead). A location that does not exist, belongs to another organisation or lies outside a location-limited caller\'s '
        + 'locations → 404 at `["body", "location_uuid"]`. `note` is 1–5000 characters.',
      body: CreateScheduleNoteBody, response: responses({ 201: ScheduleNote }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createScheduleNote(db, req.auth.orgId, req.auth.locationIds,
      { location_id: b.location_uuid, note_date: b.note_date, note: b.note });
    return reply.code(201).send(toScheduleNoteJson(row));
  });

  app.patch('/schedule/notes/:note_uuid', {
    schema: {
      tags, summary: 'Update schedule note',
      description: 'Only `note` is mutable; `location_uuid` or `note_date` in the body → 422 `extra_forbidden` (delete the note and '
        + `create one on the other date instead). \`base_version\` must be current (409 \`version_conflict\` otherwise). ${SCOPED}`,
      params: ScheduleNoteParams, body: UpdateScheduleNoteBody, response: responses({ 200: ScheduleNote }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    const row = await updateScheduleNote(db, req.auth.orgId, req.auth.locationIds, req.params.note_uuid, base_version, changes);
    return toScheduleNoteJson(row);
  });

  app.delete('/schedule/notes/:note_uuid', {
    schema: {
      tags, summary: 'Delete schedule note',
      description: `Hard delete: the note is removed for good (204), and the date may get a new note. ${SCOPED}`,
      params: ScheduleNoteParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeScheduleNote(db, req.auth.orgId, req.auth.locationIds, req.params.note_uuid);
    return reply.code(204).send();
  });
}
