import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { ProductionGoalRow } from '../db/production-goals.ts';
import { Body, DateStr, MoneyOut, PageOf, PageQuery, Ref, Stamps, Uuid } from '../../core/http/schemas.ts';
import { providerName } from '../../practice/index.ts';

export const ProductionGoalSchema = Type.Object({
  id: Uuid,
  provider: Type.Ref(Ref, { description: 'The provider the goal targets; name is "First Last"' }),
  location: Type.Ref(Ref, { description: 'The location the goal is scoped to' }),
  goal_date: Type.String({ format: 'date', description: 'Local calendar date of the target' }),
  goal_amount: Type.String({ ...MoneyOut, description: 'Target production in dollars, decimal text' }),
  ...Stamps,
}, { $id: 'ProductionGoal', description: 'A per-provider daily production target at a location. `version` is our addition.' });
export type ProductionGoal = Static<typeof ProductionGoalSchema>;

const GoalAmount = Type.Number({
  minimum: 0, maximum: 9_999_999_999.99, multipleOf: 0.01,
  description: 'Target production in dollars: a JSON number ≥ 0 with at most two decimals (others → 422)',
});
const GoalRefs = {
  goal_amount: GoalAmount,
  goal_date: Type.String({ ...DateStr, description: 'Calendar date for this production target (YYYY-MM-DD)' }),
  location_uuid: Type.String({ format: 'uuid', description: 'Location of the goal; unknown or outside the caller\'s locations → 404' }),
  provider_uuid: Type.String({ format: 'uuid', description: 'Provider the goal targets; unknown → 404' }),
};

export const CreateProductionGoalBody = Body(GoalRefs);
export const UpsertProductionGoalBody = Body(GoalRefs);
export const UpdateProductionGoalBody = Body({
  goal_amount: GoalAmount,
  base_version: Type.Optional(Type.Integer({
    minimum: 1, description: 'Our addition (optional): the version the client last read; a stale one → 409. Left out: no check.',
  })),
}, 'Only the amount can change; provider_uuid, location_uuid and goal_date are refused (422 extra_forbidden).');

export const ProductionGoalQuery = Type.Object({
  ...PageQuery,
  location_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only goals at this location' })),
  provider_uuid: Type.Optional(Type.String({ format: 'uuid', description: 'Only goals of this provider' })),
  date_from: Type.Optional(Type.String({ ...DateStr, description: 'Include goals on or after this date (YYYY-MM-DD)' })),
  date_to: Type.Optional(Type.String({ ...DateStr, description: 'Include goals on or before this date (YYYY-MM-DD); before date_from → 422' })),
});

export const ProductionGoalPage = PageOf(Type.Ref(ProductionGoalSchema));
export const ProductionGoalParams = Type.Object({ org_id: Type.String(), goal_uuid: Uuid });

const Amount = (description: string) => Type.String({ ...MoneyOut, description });
const Pct = (description: string) => Type.Number({ description: `${description}, rounded to one decimal; 0.0 when there is no goal` });

export const ProviderProductionSchema = Type.Object({
  provider: Type.Ref(Ref),
  scheduled: Amount('Production of the provider\'s scheduled appointments'),
  completed: Amount('Production of the provider\'s complete appointments'),
  lost: Amount('Production of the provider\'s broken and cancelled appointments'),
  goal: Amount('Sum of the provider\'s goals at the location in the range'),
  attainment_pct: Pct('completed / goal × 100'),
}, { $id: 'ProviderProduction', description: 'One provider\'s production in the range (as the appointments\' primary provider)' });

export const ProductionSummarySchema = Type.Object({
  date_from: Type.String({ format: 'date', description: 'Start of the reporting date range (inclusive)' }),
  date_to: Type.String({ format: 'date', description: 'End of the reporting date range (inclusive)' }),
  location: Type.Ref(Ref, { description: 'Our addition: the location summarised' }),
  location_timezone: Type.String({ description: 'Our addition: IANA zone whose local dates bound the range' }),
  providers: Type.Array(Type.Ref(ProviderProductionSchema), {
    description: 'Every provider with production in any bucket or a goal in the range, by last name, first name and id',
  }),
  total_scheduled: Amount('Scheduled production, including appointments without a provider'),
  total_completed: Amount('Completed production, including appointments without a provider'),
  total_lost: Amount('Lost production (broken + cancelled), including appointments without a provider'),
  total_goal: Amount('Sum of all goals at the location in the range'),
  overall_attainment_pct: Pct('total_completed / total_goal × 100'),
}, { $id: 'ProductionSummary' });
export type ProductionSummary = Static<typeof ProductionSummarySchema>;

export const ProductionSummaryQuery = Type.Object({
  location_uuid: Type.String({ format: 'uuid', description: 'Location to summarise; unknown or outside the caller\'s locations → 404' }),
  date_from: Type.String({ ...DateStr, description: 'Start of the reporting range, inclusive local date (YYYY-MM-DD)' }),
  date_to: Type.String({ ...DateStr, description: 'End of the reporting range, inclusive local date (YYYY-MM-DD); before date_from → 422' }),
});

/** Record schemas of production-goals referenced by `$ref`; registered once in app.ts. */
export const productionGoalsSchemas: TSchema[] = [ProductionGoalSchema, ProviderProductionSchema, ProductionSummarySchema];

/** API shape of a goal row. */
export function toProductionGoalJson(r: ProductionGoalRow): ProductionGoal {
  return {
    id: r.id,
    provider: { id: r.provider_id, name: providerName({ first_name: r.provider_first_name, last_name: r.provider_last_name }) },
    location: { id: r.location_id, name: r.location_name },
    goal_date: r.goal_date, goal_amount: r.goal_amount,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
