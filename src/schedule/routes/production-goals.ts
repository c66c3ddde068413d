import { Type } from '@sinclair/typebox';
import { invalid, notFound } from '../../core/errors.ts';
import { loadProductionSummary } from '../queries/production-summary.ts';
import {
  getProductionGoal, listProductionGoals,
} from '../db/production-goals.ts';
import {
  createProductionGoal, putProductionGoal, removeProductionGoal, updateProductionGoal,
} from '../commands/production-goals.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  CreateProductionGoalBody, ProductionGoalPage, ProductionGoalParams, ProductionGoalQuery, ProductionGoalSchema,
  ProductionSummaryQuery, ProductionSummarySchema, UpdateProductionGoalBody, UpsertProductionGoalBody, toProductionGoalJson,
} from '../schemas/production-goals.ts';

const tags = ['Production goals'];
const Goal = Type.Ref(ProductionGoalSchema);

const GOALS = 'A goal is one provider\'s production target at one location on one local date: at most one per provider, '
  + 'location and date. `goal_amount` is a JSON number ≥ 0 with at most two decimals in requests and a decimal string in '
  + 'responses. A goal at a location outside a location-limited caller\'s locations is 404. Beyond the contract, responses '
  + 'carry `version` (1 on creation, +1 on every change).';
const REFS = 'An unknown provider, or an unknown location or one outside the caller\'s locations → 404 at the body field '
  + '(checked before anything else).';

/** Per-provider daily production goals and the production summary against them. */
export function productionGoalsRoutes(app: Api, { db }: Deps): void {
  app.get('/schedule/production-goals', {
    schema: {
      tags, summary: 'List production goals',
      description: `${GOALS} Goals at the locations visible to the caller, ordered by \`goal_date\`, provider last and first `
        + 'name, location name and id. Filters combine: `location_uuid`, `provider_uuid`, `date_from`/`date_to` (inclusive '
        + 'local dates; `date_to` before `date_from` → 422). A filter naming an unknown provider or location (or one outside '
        + 'the caller\'s locations) gives an empty page, not 404: the contract lists only 422 here.',
      querystring: ProductionGoalQuery, response: responses({ 200: ProductionGoalPage }),
    },
  }, async (req) => {
    const { page, page_size, location_uuid, provider_uuid, date_from, date_to } = req.query;
    if (date_from && date_to && date_to < date_from) throw invalid(['query', 'date_to'], 'date_to must not be before date_from');
    const { rows, total } = await listProductionGoals(db, req.auth.orgId, req.auth.locationIds,
      { locationId: location_uuid, providerId: provider_uuid, dateFrom: date_from, dateTo: date_to }, { page, pageSize: page_size });
    return { items: rows.map(toProductionGoalJson), page, page_size, total };
  });

  app.get('/schedule/production-goals/production-summary', {
    schema: {
      tags, summary: 'Get production summary',
      description: 'Production of the appointments at the location whose local `schedule_date` lies in [`date_from`, '
        + '`date_to`] (both inclusive, in the location\'s zone), credited to each appointment\'s primary provider (the first '
        + 'of its `providers`). Buckets by status: `scheduled`; `completed` (status complete); `lost` (broken + cancelled); '
        + 'planned, unscheduled and pinboard appointments count nowhere. An appointment\'s production is its '
        + '`production_amount`: the explicit amount when set, else the sum of its procedures\' fees. `goal` sums the '
        + 'provider\'s goals at the location in the range; `attainment_pct` = completed / goal × 100, rounded half up to one '
        + 'decimal, 0.0 without a goal. `providers` lists every provider with production in any bucket or a goal, by last '
        + 'name, first name and id. Appointments without a provider count in the totals only, so the totals may exceed the '
        + 'sum of the provider entries; `overall_attainment_pct` = total_completed / total_goal × 100. Amounts are decimal '
        + 'strings, summed exactly in cents. Unknown location (or outside the caller\'s locations) → 404; `date_from` after '
        + '`date_to` → 422. Loads in a fixed number of queries whatever the range.',
      querystring: ProductionSummaryQuery, response: responses({ 200: Type.Ref(ProductionSummarySchema) }, [404]),
    },
  }, async (req) => {
    const { location_uuid, date_from, date_to } = req.query;
    return loadProductionSummary(db, req.auth.orgId, req.auth.locationIds, location_uuid, date_from, date_to);
  });

  app.get('/schedule/production-goals/:goal_uuid', {
    schema: {
      tags, summary: 'Get production goal', description: GOALS,
      params: ProductionGoalParams, response: responses({ 200: Goal }, [404]),
    },
  }, async (req) => {
    const row = await getProductionGoal(db, req.auth.orgId, req.params.goal_uuid, req.auth.locationIds);
    if (!row) throw notFound('Production goal', ['path', 'goal_uuid']);
    return toProductionGoalJson(row);
  });

  app.post('/schedule/production-goals', {
    schema: {
      tags, summary: 'Create production goal',
      description: `${GOALS} ${REFS} A goal for the same provider, location and date already existing → 422 \`value_error\` `
        + '(the contract\'s status; `ctx.id` names the existing goal); use PUT /schedule/production-goals/upsert to create or '
        + 'update idempotently. Two concurrent creates of one goal: one 201, the other 422.',
      body: CreateProductionGoalBody, response: responses({ 201: Goal }, [403, 404]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createProductionGoal(db, req.auth.orgId, req.auth.locationIds, {
      provider_id: b.provider_uuid, location_id: b.location_uuid, goal_date: b.goal_date, goal_amount: b.goal_amount,
    });
    return reply.code(201).send(toProductionGoalJson(row));
  });

  app.put('/schedule/production-goals/upsert', {
    schema: {
      tags, summary: 'Upsert production goal',
      description: `${GOALS} ${REFS} Creates the goal of the provider, location and date, or when one exists sets its `
        + '`goal_amount` (version + 1, even when the amount is unchanged), atomically: concurrent upserts of one goal never '
        + 'fail or duplicate it. Answers 200 with the goal in both cases (the contract documents one response).',
      body: UpsertProductionGoalBody, response: responses({ 200: Goal }, [403, 404]),
    },
  }, async (req) => {
    const b = req.body;
    const { row } = await putProductionGoal(db, req.auth.orgId, req.auth.locationIds, {
      provider_id: b.provider_uuid, location_id: b.location_uuid, goal_date: b.goal_date, goal_amount: b.goal_amount,
    });
    return toProductionGoalJson(row);
  });

  app.patch('/schedule/production-goals/:goal_uuid', {
    schema: {
      tags, summary: 'Update production goal',
      description: `${GOALS} Sets \`goal_amount\` (version + 1). Our addition: an optional \`base_version\` (the contract has `
        + 'none); when given and stale → 409 `version_conflict` naming the current version. Unknown goal → 404.',
      params: ProductionGoalParams, body: UpdateProductionGoalBody, response: responses({ 200: Goal }, [403, 404, 409]),
    },
  }, async (req) => {
    const row = await updateProductionGoal(db, req.auth.orgId, req.auth.locationIds, req.params.goal_uuid,
      req.body.base_version, req.body.goal_amount);
    return toProductionGoalJson(row);
  });

  app.delete('/schedule/production-goals/:goal_uuid', {
    schema: {
      tags, summary: 'Delete production goal',
      description: 'Deletes the goal for good (hard delete; nothing references goals). Unknown goal, or one at a location '
        + 'outside the caller\'s locations → 404.',
      params: ProductionGoalParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removeProductionGoal(db, req.auth.orgId, req.auth.locationIds, req.params.goal_uuid);
    return reply.code(204).send();
  });
}
