import { Type } from '@sinclair/typebox';
import { invalid, notFound } from '../../core/errors.ts';
import { normalizeWallTime } from '../../core/time.ts';
import { getBlockout, listBlockouts } from '../db/blockouts.ts';
import { getLocation } from '../../practice/index.ts';
import { createBlockouts } from '../commands/create-blockouts.ts';
import { copyBlockoutDay, copyBlockoutWeek, repeatBlockoutWeeks } from '../commands/copy-blockouts.ts';
import { removeBlockout, updateBlockout } from '../commands/update-blockout.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  BlockoutPage, BlockoutParams, BlockoutQuery, BlockoutSchema, CopyDayBody, CopyResult, CopyWeekBody, CreateBlockoutBody,
  CreateBlockoutsResult, RepeatWeeksBody, UpdateBlockoutBody, toBlockoutJson,
} from '../schemas/blockouts.ts';

const tags = ['Blockouts'];
const Blockout = Type.Ref(BlockoutSchema);

const SCOPE = 'A blockout belongs to its location: a location-limited caller sees and writes only blockouts of their locations (others are 404).';
const TIME = 'Times are wall-clock at the location (HH:MM accepted, HH:MM:SS returned); beside them `start_at`/`end_at` give the instants '
  + 'with the location\'s offset (our addition). A time inside a spring-forward gap → 422 `dst_gap`; an ambiguous fall-back time is '
  + 'the earlier instant; `end_time` must be after `start_time` (422).';
const OVERLAP = 'Overlap rule: blockouts on the same operatory may not overlap, and a location-wide blockout (no operatory) counts for '
  + 'every operatory; intervals are half-open, so back-to-back blockouts are fine. A write that would overlap → 409 `overlap` naming '
  + 'each conflicting blockout, and nothing is written.';
const COPY = 'Copies the active blockouts of the source day(s), leaving out types marked `is_do_not_copy` and holiday blockouts (a '
  + 'holiday is a date, not a pattern). Copying ADDS to what the target already has and never forces anything through: a source '
  + 'whose exact twin (same type, operatory, start and end time) exists on the target is skipped, as is one that would overlap '
  + 'a different blockout there, one whose type is inactive, and one whose time falls into a DST gap on the target date; each with '
  + 'a warning. A target date that is a holiday at the location (it holds an active blockout of an `is_holiday` type) gets nothing, '
  + 'and a warning names it. Wall-clock times are kept across DST changes (12:00–13:00 stays 12:00–13:00 local). Returns `count` '
  + 'created and `warnings`. Unknown location, or one outside a location-limited caller\'s locations → 404 at `body.location_uuid`.';

function wall(t: string): string {
  return normalizeWallTime(t)!;
}

/** Blockout instances: blocked time on one date at a location, for one operatory or the whole location. */
export function blockoutsRoutes(app: Api, { db }: Deps): void {
  app.get('/blockouts/instances', {
    schema: {
      tags, summary: 'List blockouts',
      description: `Ordered by \`schedule_date\`, \`start_time\`, id. Filters: \`location_uuid\` (unknown or outside the caller's locations `
        + '→ 404), `date_from` and `date_to` inclusive local dates (date_from after date_to → 422). ' + SCOPE,
      querystring: BlockoutQuery, response: responses({ 200: BlockoutPage }, [404]),
    },
  }, async (req) => {
    const { page, page_size, location_uuid, date_from, date_to } = req.query;
    if (date_from && date_to && date_from > date_to) throw invalid(['query', 'date_to'], 'date_to must not be before date_from');
    if (location_uuid && !(await getLocation(db, req.auth.orgId, location_uuid, req.auth.locationIds))) {
      throw notFound('Location', ['query', 'location_uuid']);
    }
    const { rows, total } = await listBlockouts(db, req.auth.orgId, req.auth.locationIds,
      { locationId: location_uuid, dateFrom: date_from, dateTo: date_to }, { page, pageSize: page_size });
    return { items: rows.map(toBlockoutJson), page, page_size, total };
  });

  app.get('/blockouts/instances/:blockout_uuid', {
    schema: { tags, summary: 'Get blockout', description: SCOPE, params: BlockoutParams, response: responses({ 200: Blockout }, [404]) },
  }, async (req) => {
    const row = await getBlockout(db, req.auth.orgId, req.params.blockout_uuid, req.auth.locationIds);
    if (!row) throw notFound('Blockout', ['path', 'blockout_uuid']);
    return toBlockoutJson(row);
  });

  app.post('/blockouts/instances', {
    schema: {
      tags, summary: 'Create blockout',
      description: 'Without `operatory_uuids` creates one blockout for the whole location (no recurrence group); with them, one per '
        + 'operatory, all sharing one new recurrence group (`blockout_group_uuid`). 404 for an unknown location (or one outside the '
        + 'caller\'s locations), blockout type, or operatory not at that location (at `body.operatory_uuids[i]`); an inactive type → 422. '
        + `${TIME} ${OVERLAP} \`allow_overlap: true\` (our addition on create) lets overlaps through and lists them in \`warnings\`. `
        + 'A date that is a holiday at the location is allowed but warned about. Responds 201 with `items` (request order) and `warnings`.',
      body: CreateBlockoutBody, response: responses({ 201: CreateBlockoutsResult }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const { rows, warnings } = await createBlockouts(db, req.auth.orgId, req.auth.locationIds, {
      location_id: b.location_uuid, blockout_type_id: b.blockout_type_uuid, schedule_date: b.schedule_date,
      start_time: wall(b.start_time), end_time: wall(b.end_time), note: b.note ?? '', operatory_ids: b.operatory_uuids ?? null,
      allow_overlap: b.allow_overlap ?? false,
    });
    return reply.code(201).send({ items: rows.map(toBlockoutJson), warnings });
  });

  app.post('/blockouts/instances/copy-day', {
    schema: {
      tags, summary: 'Copy blockouts for a day', description: `Copies \`source_date\` onto \`target_date\`. ${COPY} `
        + 'Copies of blockouts that share a recurrence group share one new group.',
      body: CopyDayBody, response: responses({ 200: CopyResult }, [403, 404]),
    },
  }, async (req) => {
    const b = req.body;
    return copyBlockoutDay(db, req.auth.orgId, req.auth.locationIds, b.location_uuid, b.source_date, b.target_date);
  });

  app.post('/blockouts/instances/copy-week', {
    schema: {
      tags, summary: 'Copy blockouts for a week',
      description: 'Copies each day of the Monday–Sunday week starting `source_week_start` onto the same weekday of the week starting '
        + `\`target_week_start\`; both must be Mondays (422 otherwise). ${COPY} Copies of blockouts that share a recurrence group share one new group.`,
      body: CopyWeekBody, response: responses({ 200: CopyResult }, [403, 404]),
    },
  }, async (req) => {
    const b = req.body;
    return copyBlockoutWeek(db, req.auth.orgId, req.auth.locationIds, b.location_uuid, b.source_week_start, b.target_week_start);
  });

  app.post('/blockouts/instances/repeat-weeks', {
    schema: {
      tags, summary: 'Repeat blockout week pattern',
      description: 'Copies the Monday–Sunday week starting `source_week_start` (a Monday, 422 otherwise) onto each of the `num_weeks` '
        + `(1–52) following weeks. ${COPY} Each copy joins the recurrence group of its source (a source without a group gets a new one, `
        + 'version + 1), so PATCH with `apply_to_group` changes the whole series while DELETE removes one.',
      body: RepeatWeeksBody, response: responses({ 200: CopyResult }, [403, 404]),
    },
  }, async (req) => {
    const b = req.body;
    return repeatBlockoutWeeks(db, req.auth.orgId, req.auth.locationIds, b.location_uuid, b.source_week_start, b.num_weeks);
  });

  app.patch('/blockouts/instances/:blockout_uuid', {
    schema: {
      tags, summary: 'Update blockout',
      description: 'Fields left out keep their value; `operatory_uuid` null makes it location-wide; the location never changes. '
        + '`base_version` must be current for the addressed blockout (409 otherwise). With `apply_to_group: true` the same field '
        + 'changes go to every active blockout of its recurrence group (each version + 1); `schedule_date` or `operatory_uuid` together '
        + `with it → 422. 404 for an unknown blockout, type, or an operatory not at the blockout's location; an inactive type → 422. ${TIME} `
        + `${OVERLAP} The check excludes the blockouts being changed and is skipped with \`allow_overlap: true\`. Returns the addressed blockout. ${SCOPE}`,
      params: BlockoutParams, body: UpdateBlockoutBody, response: responses({ 200: Blockout }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, apply_to_group, allow_overlap, blockout_type_uuid, operatory_uuid, start_time, end_time, ...rest } = req.body;
    const row = await updateBlockout(db, req.auth.orgId, req.auth.locationIds, req.params.blockout_uuid, base_version, {
      ...rest,
      ...(blockout_type_uuid !== undefined ? { blockout_type_id: blockout_type_uuid } : {}),
      ...(operatory_uuid !== undefined ? { operatory_id: operatory_uuid } : {}),
      ...(start_time !== undefined ? { start_time: wall(start_time) } : {}),
      ...(end_time !== undefined ? { end_time: wall(end_time) } : {}),
    }, { applyToGroup: apply_to_group ?? false, allowOverlap: allow_overlap ?? false });
    return toBlockoutJson(row);
  });

  app.delete('/blockouts/instances/:blockout_uuid', {
    schema: {
      tags, summary: 'Delete blockout',
      description: `Deletes this one blockout, irreversibly; other blockouts of its recurrence group stay. 204. ${SCOPE}`,
      params: BlockoutParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeBlockout(db, req.auth.orgId, req.auth.locationIds, req.params.blockout_uuid);
    return reply.code(204).send();
  });
}
