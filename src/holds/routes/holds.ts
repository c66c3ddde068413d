import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { requestActor } from '../../core/http/auth.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import { createHold } from '../commands/create-hold.ts';
import { deleteHold, getHold } from '../db/holds.ts';
import { CreateHoldBody, CreatedHoldSchema, HoldParams, HoldSchema, toHoldJson } from '../schemas/holds.ts';

const tags = ['Holds'];
const config = { scope: 'booking:write' as const };

const HOLDS = `A hold keeps a chair (and optionally providers' time) for one patient for a few minutes while they finish
booking. While it lives it is taken time for every booking (POST /appointments and every write that places one meets 409
slot_conflict with a \`hold\` conflict), for every other hold and for every availability search (free-time, location
availability, FHIR Slot). It is made and checked under the same locks as bookings, so two requests can never hold or book
the same chair or provider time. It stops counting the instant \`expires_at\` passes (no sweeper is needed; expired holds are
deleted later). POST /appointments with the \`hold_token\` converts it: the hold disappears and the appointment appears in one
transaction. Tokens limited to the \`booking:write\` scope may use these routes.`;

/** Holds: make, read and release. Conversion happens in POST /appointments. */
export function holdsRoutes(app: Api, { db, clock }: Deps): void {
  app.post('/holds', {
    config, schema: {
      tags, summary: 'Hold a time', description: `${HOLDS}

The range is \`schedule_date\` + \`start_time\` + \`end_time\` (wall clock at the location) or \`start_at\` + \`end_at\` (instants on one
local date), not both (422). Without \`operatory_uuid\` the first chair free for the whole range (display order) is held. 409
slot_conflict when the time is not free (an appointment, a provider's time elsewhere, a no-schedule blockout, another live
hold), listing each conflict; a daylight-saving gap → 422 dst_gap. 201 with the hold and its \`hold_token\` (shown only here).`,
      body: CreateHoldBody, response: responses({ 201: Type.Ref(CreatedHoldSchema) }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const { id, token } = await createHold(db, requestActor(req, clock), req.body);
    const row = (await getHold(db, req.auth.orgId, id, req.auth.locationIds))!;
    return reply.code(201).send({ ...toHoldJson(row), hold_token: token });
  });

  app.get('/holds/:hold_uuid', {
    config, schema: {
      tags, summary: 'Get a hold', description: `${HOLDS}\n\nAn expired hold is still shown (status \`expired\`) until it is deleted; never its token.`,
      params: HoldParams, response: responses({ 200: Type.Ref(HoldSchema) }, [404]),
    },
  }, async (req) => {
    const row = await getHold(db, req.auth.orgId, req.params.hold_uuid, req.auth.locationIds);
    if (!row) throw notFound('Hold', ['path', 'hold_uuid']);
    return toHoldJson(row);
  });

  app.delete('/holds/:hold_uuid', {
    config, schema: {
      tags, summary: 'Release a hold',
      description: `${HOLDS}\n\nReleases the hold at once (its time is free for others from the next request). 204; an unknown hold, or one converted or already released, → 404.`,
      params: HoldParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    if (!(await deleteHold(db, req.auth.orgId, req.params.hold_uuid, req.auth.locationIds))) throw notFound('Hold', ['path', 'hold_uuid']);
    return reply.code(204).send();
  });
}
