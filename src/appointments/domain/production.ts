import { STATUSES, type AppointmentStatus } from './status.ts';

/** The production buckets of the summary: scheduled, completed, and lost (broken + cancelled). */
export type ProductionBucket = 'scheduled' | 'completed' | 'lost';

/** The bucket an appointment's production counts in, or null when its status counts in none (planned, unscheduled, pinboard). */
export function bucketOf(status: AppointmentStatus): ProductionBucket | null {
  switch (status) {
    case 'scheduled': return 'scheduled';
    case 'complete': return 'completed';
    case 'broken':
    case 'cancelled': return 'lost';
    default: return null;
  }
}

/** Statuses whose production counts in some bucket. */
export const PRODUCTION_STATUSES: readonly AppointmentStatus[] = STATUSES.filter((s) => bucketOf(s) !== null);

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Integer cents of a decimal text with at most two decimals ("125", "125.5", "-3.25"), exactly (no
 * binary floating point). Throws on anything else: amounts come from numeric(…, 2) columns.
 */
export function toCents(amount: string): number {
  const m = DECIMAL.exec(amount);
  if (!m) throw new Error(`Not a decimal amount: ${amount}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) throw new Error(`Amount out of range: ${amount}`);
  return m[1] ? -cents : cents;
}

/** Decimal text with exactly two decimals of integer `cents`, e.g. 12550 → "125.50", -5 → "-0.05". */
export function formatCents(cents: number): string {
  const abs = Math.abs(cents);
  const text = `${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 ? `-${text}` : text;
}

/**
 * `completed` as a percentage of `goal` (both in cents), rounded half up to one decimal; 0 when there
 * is no goal (zero or negative). Integer arithmetic, so 1/3 gives 33.3 and 2/3 gives 66.7 exactly.
 */
export function attainmentPct(completed: number, goal: number): number {
  if (goal <= 0) return 0;
  const tenths = completed * 1000; // percent × 10
  const rounded = tenths >= 0 ? Math.floor((2 * tenths + goal) / (2 * goal)) : -Math.floor((-2 * tenths + goal) / (2 * goal));
  return rounded / 10;
}

/** Production of appointments of one status, credited to a provider or to nobody (null: no provider assigned). */
export interface ProductionLine {
  providerId: string | null;
  status: AppointmentStatus;
  /** Decimal text */
  amount: string;
}

/** A provider's goal total over the range, decimal text. */
export interface GoalLine {
  providerId: string;
  amount: string;
}

/** Amounts in integer cents. */
export interface ProductionAmounts {
  scheduled: number;
  completed: number;
  lost: number;
  goal: number;
}

export interface ProviderProduction extends ProductionAmounts {
  providerId: string;
  attainmentPct: number;
}

export interface ProductionSummary {
  /** Every provider with production in any bucket or a goal, in order of first appearance (lines, then goals). */
  providers: ProviderProduction[];
  /** Everything, including production credited to nobody. */
  totals: ProductionAmounts;
  overallAttainmentPct: number;
}

const zero = (): ProductionAmounts => ({ scheduled: 0, completed: 0, lost: 0, goal: 0 });

/**
 * Sums production lines into buckets per provider and in total, adds goals, and computes attainment
 * (completed / goal). Production credited to nobody counts in the totals only.
 */
export function summarizeProduction(lines: readonly ProductionLine[], goals: readonly GoalLine[]): ProductionSummary {
  const byProvider = new Map<string, ProductionAmounts>();
  const of = (id: string) => {
    let a = byProvider.get(id);
    if (!a) byProvider.set(id, (a = zero()));
    return a;
  };
  const totals = zero();
  for (const l of lines) {
    const bucket = bucketOf(l.status);
    if (!bucket) continue;
    const cents = toCents(l.amount);
    totals[bucket] += cents;
    if (l.providerId !== null) of(l.providerId)[bucket] += cents;
  }
  for (const g of goals) {
    const cents = toCents(g.amount);
    totals.goal += cents;
    of(g.providerId).goal += cents;
  }
  return {
    providers: [...byProvider].map(([providerId, a]) => ({ providerId, ...a, attainmentPct: attainmentPct(a.completed, a.goal) })),
    totals,
    overallAttainmentPct: attainmentPct(totals.completed, totals.goal),
  };
}
