import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { ScheduleNoteRow } from '../db/schedule-notes.ts';
import { BaseVersion, Body, PageOf, PageQuery, Ref, Stamps, Uuid } from '../../core/http/schemas.ts';

const NoteText = Type.String({ minLength: 1, maxLength: 5000, description: 'The note text shown at the top of the calendar for this date, 1–5000 characters.' });

export const ScheduleNoteSchema = Type.Object({
  id: Uuid,
  location: Type.Ref(Ref, { description: 'The location the note belongs to' }),
  note_date: Type.String({ format: 'date', description: 'The local calendar date the note applies to' }),
  note: Type.String(),
  ...Stamps,
}, { $id: 'ScheduleNote' });
export type ScheduleNote = Static<typeof ScheduleNoteSchema>;

export const CreateScheduleNoteBody = Body({
  location_uuid: Type.String({
    format: 'uuid',
    description: 'Location of the note; fixed once created. Unknown, other organisation\'s or outside the caller\'s locations → 404.',
  }),
  note_date: Type.String({ format: 'date', description: 'Local calendar date, YYYY-MM-DD; one note per location and date (409 on a second).' }),
  note: NoteText,
});

export const UpdateScheduleNoteBody = Body({
  base_version: BaseVersion,
  note: Type.Optional(NoteText),
}, 'Only `note` is mutable: `location_uuid` and `note_date` are refused like any unknown field (422 extra_forbidden).');

export const ScheduleNoteQuery = Type.Object({
  ...PageQuery,
  location_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only notes of this location' })),
  date_from: Type.Optional(Type.String({ format: 'date', description: 'Only notes on or after this local date, YYYY-MM-DD (inclusive)' })),
  date_to: Type.Optional(Type.String({ format: 'date', description: 'Only notes on or before this local date, YYYY-MM-DD (inclusive)' })),
});

export const ScheduleNotePage = PageOf(Type.Ref(ScheduleNoteSchema));
export const ScheduleNoteParams = Type.Object({ org_id: Type.String(), note_uuid: Uuid });

/** Record schemas of schedule notes referenced by `$ref`; registered once in app.ts. */
export const scheduleNotesSchemas: TSchema[] = [ScheduleNoteSchema];

/** API shape of a schedule note row (joined with its location's name). */
export function toScheduleNoteJson(r: ScheduleNoteRow): ScheduleNote {
  return {
    id: r.id, location: { id: r.location_id, name: r.location_name }, note_date: r.note_date, note: r.note,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
