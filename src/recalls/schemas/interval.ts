import { Type, type Static } from '@sinclair/typebox';
import { INTERVAL_LIMITS } from '../domain/interval.ts';
import { RECALL_STATUSES, type RecallStatus } from '../domain/recall-status.ts';

const unit = (max: number, what: string) => Type.Optional(Type.Integer({ minimum: 0, maximum: max, description: `Whole ${what}, 0–${max}.` }));

const units = {
  years: unit(INTERVAL_LIMITS.years, 'years'),
  months: unit(INTERVAL_LIMITS.months, 'months'),
  weeks: unit(INTERVAL_LIMITS.weeks, 'weeks'),
  days: unit(INTERVAL_LIMITS.days, 'days'),
};

const ABOUT = 'A calendar duration such as {"months": 6} or {"weeks": 26}: any of years, months, weeks, days as whole numbers, '
  + 'at least one positive (an all-zero interval → 422 value_error; another key → 422 extra_forbidden). Years and months are '
  + 'added first and a day past the month\'s end is clamped to its last day (Aug 31 + 6 months = Feb 28, or 29 in a leap year), '
  + 'then weeks and days. Answered with zero units left out.';

/** An interval in a request body. */
export const IntervalIn = Type.Object(units, { additionalProperties: false, minProperties: 1, description: ABOUT });
/** An interval in a response. */
export const IntervalOut = Type.Object(units, { description: ABOUT });
export type Interval = Static<typeof IntervalIn>;

/** A recall status; the values are the contract's. */
export const StatusSchema = Type.Unsafe<RecallStatus>({ type: 'string', enum: [...RECALL_STATUSES] });
