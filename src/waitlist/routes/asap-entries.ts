import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import type { EntryStatus } from '../domain/entry-status.ts';
import { getEntry, listEntries } from '../db/asap-entries.ts';
import { listContactLog } from '../db/contact-log.ts';
import { bulkRemoveEntries, changeEntry, createEntry, removeEntry, type Writer } from '../commands/asap-entries.ts';
import { logContact, recordResponse } from '../commands/entry-outreach.ts';
import {
  AsapEntrySchema, BulkRemoveBody, BulkRemoveResult, ContactBody, ContactLogItem, CreateEntryBody, EntryPage, EntryParams, EntryQuery,
  ResponseBody, UpdateEntryBody, toContactLogJson, toEntryChanges, toEntryFields, toEntryJson,
} from '../schemas/asap-entries.ts';

const tags = ['Waitlist'];
const Entry = Type.Ref(AsapEntrySchema);

/** What every ASAP-entry endpoint shares, stated once in each description. */
export const ENTRIES = 'The ASAP list: patients who want an opening. Status machine: waiting → contacted (a logged contact) → '
  + 'scheduled (response accepted, or the patient is booked into a matching appointment); contacted/offered → waiting (response '
  + 'declined, expired or slot_taken; no_answer keeps the status); any → removed (DELETE); scheduled, removed and expired entries '
  + 'return only through PATCH `status: waiting`. Active = waiting, contacted, offered. `expired` is computed at read: an active '
  + 'entry whose `date_range_end` is before today at its location. A change the machine refuses → 409 `state_conflict` with '
  + '`ctx.allowed`. `days_waiting` counts whole local days since creation; `patient_score`/`score_details` are the standing score '
  + 'as of the read. Entries are visible to a location-limited caller only when homed at one of their locations (else 404).';
const REFS = 'An unknown patient, location (or one outside the caller\'s locations), type, provider, priority (an AsapPriority '
  + 'definition), additional location or appointment → 404 at the body field; an appointment of another patient → 422.';

function writer(deps: Deps, req: { auth: { orgId: string; locationIds: string[] | null } }): Writer {
  return { orgId: req.auth.orgId, scope: req.auth.locationIds, now: deps.clock() };
}

/** ASAP entries: list, read, create, change, remove (one and many), contact attempts, responses and their log. */
export function asapEntriesRoutes(app: Api, deps: Deps): void {
  const { db } = deps;
  const show = async (orgId: string, scope: string[] | null, id: string) => {
    const now = deps.clock();
    return toEntryJson((await getEntry(db, orgId, id, scope, now))!, now);
  };

  app.get('/waitlist/entries', {
    schema: {
      tags, summary: 'List ASAP entries',
      description: `${ENTRIES} Filters combine with AND. With \`location_uuid\` and \`include_cross_location\` (default true), entries `
        + 'homed elsewhere are included when their scope is `any`, or `selected` and naming this location. `status` filters on the '
        + 'status as read (so `expired` finds entries past their range). Sorted by `sort_by` (`urgency`: urgent > soon > routine > '
        + 'flexible; `score`: patient_score; `treatment_value`: nulls last) in `sort_dir`, then created_at and id the same way.',
      querystring: EntryQuery, response: responses({ 200: EntryPage }),
    },
  }, async (req) => {
    const q = req.query;
    const now = deps.clock();
    const { rows, total } = await listEntries(db, req.auth.orgId, req.auth.locationIds, now, {
      locationId: q.location_uuid, includeCrossLocation: q.include_cross_location, patientId: q.patient_uuid, providerId: q.provider_uuid,
      appointmentTypeId: q.appointment_type_uuid, statuses: q.status ? [...new Set(q.status.split(','))] as EntryStatus[] : undefined,
      urgency: q.urgency, source: q.source, sortBy: q.sort_by, sortDir: q.sort_dir,
    }, { page: q.page, pageSize: q.page_size });
    return { items: rows.map((r) => toEntryJson(r, now)), page: q.page, page_size: q.page_size, total };
  });

  app.get('/waitlist/entries/:entry_uuid', {
    schema: {
      tags, summary: 'Get ASAP entry detail', description: `${ENTRIES} Unknown or another organisation's → 404.`,
      params: EntryParams, response: responses({ 200: Entry }, [404]),
    },
  }, async (req) => {
    const now = deps.clock();
    const row = await getEntry(db, req.auth.orgId, req.params.entry_uuid, req.auth.locationIds, now);
    if (!row) throw notFound('ASAP entry', ['path', 'entry_uuid']);
    return toEntryJson(row, now);
  });

  app.get('/waitlist/entries/:entry_uuid/contact-log', {
    schema: {
      tags, summary: 'Get contact history',
      description: 'A bare JSON array (no envelope) of the entry\'s contact attempts (`kind: contact`) and recorded responses '
        + '(`kind: response`), newest first, each with the status before and after. Unknown entry → 404.',
      params: EntryParams, response: responses({ 200: Type.Array(Type.Ref(ContactLogItem)) }, [404]),
    },
  }, async (req) => {
    const row = await getEntry(db, req.auth.orgId, req.params.entry_uuid, req.auth.locationIds, deps.clock());
    if (!row) throw notFound('ASAP entry', ['path', 'entry_uuid']);
    return (await listContactLog(db, req.auth.orgId, row.id)).map(toContactLogJson);
  });

  app.post('/waitlist/entries', {
    schema: {
      tags, summary: 'Create ASAP entry',
      description: `${ENTRIES} Creates a waiting entry (version 1); defaults: urgency routine, location_scope home_only, source manual. `
        + `Checked in this order: \`date_range_start\` after \`date_range_end\`, or a reversed preferred window → 422; ${REFS} The `
        + 'patient already having an active entry for the same location and appointment type (no type counts as a type) → 409 '
        + '`already_exists` with `ctx.id` naming it (an older one past its date range does not count: it is stored expired). '
        + '`recall_uuid` is stored as given (source `recall`); it is checked against patient recalls once they exist.',
      body: CreateEntryBody, response: responses({ 201: Entry }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const { patient_uuid, location_uuid, additional_location_uuids, ...rest } = req.body;
    const w = writer(deps, req);
    const id = await createEntry(db, w, patient_uuid, location_uuid, toEntryFields(rest), additional_location_uuids ?? []);
    return reply.code(201).send(await show(w.orgId, w.scope, id));
  });

  app.patch('/waitlist/entries/:entry_uuid', {
    schema: {
      tags, summary: 'Update ASAP entry',
      description: `${ENTRIES} Changes only the fields given (null clears one), version + 1. Patient, location and source are fixed. `
        + 'Unknown entry → 404; a stale `base_version` (optional) → 409 `version_conflict`; the resulting date range or window '
        + `reversed → 422; ${REFS} \`status\` follows the state machine from the stored status (PATCH may set waiting, contacted, offered `
        + 'or scheduled on an active entry, bring scheduled, removed or expired back to waiting, never set removed — use DELETE — nor '
        + 'expired) → 409 `state_conflict` otherwise; an entry that would be a second active one of its patient, location and type → '
        + '409 `already_exists`. `additional_location_uuids` replaces the list.',
      params: EntryParams, body: UpdateEntryBody, response: responses({ 200: Entry }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, additional_location_uuids, ...rest } = req.body;
    const w = writer(deps, req);
    await changeEntry(db, w, req.params.entry_uuid, base_version, toEntryChanges(rest),
      additional_location_uuids === undefined ? undefined : additional_location_uuids ?? []);
    return show(w.orgId, w.scope, req.params.entry_uuid);
  });

  app.delete('/waitlist/entries/:entry_uuid', {
    schema: {
      tags, summary: 'Remove ASAP entry',
      description: 'Takes the entry off the list: status `removed` (not a hard delete: the entry and its contact log stay readable), '
        + 'version + 1, 204. Removing a removed entry changes nothing (204). Unknown entry → 404.',
      params: EntryParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeEntry(db, writer(deps, req), req.params.entry_uuid);
    return reply.code(204).send();
  });

  app.post('/waitlist/entries/bulk-remove', {
    schema: {
      tags, summary: 'Bulk remove ASAP entries',
      description: 'Sets status `removed` on every entry named, in one transaction: at most 500 ids (more → 422 `too_long`); one '
        + 'unknown id (or another organisation\'s, or outside the caller\'s locations) → 404 at `body.entry_uuids[i]` and nothing is '
        + 'removed. `removed_count` counts the entries whose status changed (already removed ones and repeated ids are not counted again).',
      body: BulkRemoveBody, response: responses({ 200: BulkRemoveResult }, [403, 404]),
    },
  }, async (req) => ({ removed_count: await bulkRemoveEntries(db, writer(deps, req), req.body.entry_uuids) }));

  app.post('/waitlist/entries/:entry_uuid/contact', {
    schema: {
      tags, summary: 'Log a contact attempt',
      description: `${ENTRIES} Logs the attempt (contact log, kind contact) and updates the entry: contact_attempts + 1, contacted_at, `
        + 'contact_method_used, last_offered_slot, version + 1. waiting → contacted; contacted and offered stay. Unknown entry → 404; '
        + 'an entry that is scheduled, removed or expired → 409 `state_conflict`; unknown slot location → 404.',
      params: EntryParams, body: ContactBody, response: responses({ 200: Entry }, [403, 404, 409]),
    },
  }, async (req) => {
    const w = writer(deps, req);
    await logContact(db, w, req.auth.userId, req.params.entry_uuid, req.body);
    return show(w.orgId, w.scope, req.params.entry_uuid);
  });

  app.post('/waitlist/entries/:entry_uuid/response', {
    schema: {
      tags, summary: 'Record patient response',
      description: `${ENTRIES} Records the response to the outstanding contact (logged, kind response; patient_response, responded_at, `
        + 'version + 1): accepted → scheduled, linked to `appointment_uuid` when given; declined, expired or slot_taken → waiting; '
        + 'no_answer keeps the status. Needs an outstanding contact: an entry that is waiting, scheduled, removed or expired → 409 '
        + '`state_conflict`. Unknown entry → 404; unknown appointment → 404, another patient\'s → 422.',
      params: EntryParams, body: ResponseBody, response: responses({ 200: Entry }, [403, 404, 409]),
    },
  }, async (req) => {
    const w = writer(deps, req);
    await recordResponse(db, w, req.auth.userId, req.params.entry_uuid, req.body);
    return show(w.orgId, w.scope, req.params.entry_uuid);
  });
}
