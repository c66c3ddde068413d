import { invalid, notFound } from '../../core/errors.ts';
import { localDayBounds } from '../../core/time.ts';
import { inSnapshot, runAll, type Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { formatCents, summarizeProduction } from '../../appointments/index.ts';
import { byProviderName, getLocation, providerName, type ProviderNames } from '../../practice/index.ts';
import { sumGoalsByProvider, sumProductionByProvider } from '../db/production-goals.ts';
import type { ProductionSummary } from '../schemas/production-goals.ts';

/**
 * Production at a visible location (404 otherwise) over the local dates [dateFrom, dateTo] (422 when
 * reversed), per primary provider and in total, against the goals of the range; two queries whatever the range,
 * in one read-only snapshot.
 */
export function loadProductionSummary(
  db: Db, orgId: string, scope: LocationScope, locationId: string, dateFrom: string, dateTo: string,
): Promise<ProductionSummary> {
  return inSnapshot(db, (tx) => productionSummary(tx, orgId, scope, locationId, dateFrom, dateTo));
}

async function productionSummary(
  db: Db, orgId: string, scope: LocationScope, locationId: string, dateFrom: string, dateTo: string,
): Promise<ProductionSummary> {
  const location = await getLocation(db, orgId, locationId, scope);
  if (!location) throw notFound('Location', ['query', 'location_uuid']);
  if (dateFrom > dateTo) throw invalid(['query', 'date_from'], 'date_from must not be after date_to');
  const zone = location.timezone;
  const [start, end] = [localDayBounds(dateFrom, zone).start.toInstant().toString(), localDayBounds(dateTo, zone).end.toInstant().toString()];
  const [lines, goals] = await runAll(db,
    () => sumProductionByProvider(db, orgId, location.id, start, end),
    () => sumGoalsByProvider(db, orgId, location.id, dateFrom, dateTo),
  );
  const names = new Map<string, ProviderNames>();
  for (const r of [...lines, ...goals]) if (r.provider_id !== null) names.set(r.provider_id, { first_name: r.first_name!, last_name: r.last_name! });
  const summary = summarizeProduction(
    lines.map((l) => ({ providerId: l.provider_id, status: l.status, amount: l.amount })),
    goals.map((g) => ({ providerId: g.provider_id, amount: g.amount })),
  );
  return {
    date_from: dateFrom, date_to: dateTo, location: { id: location.id, name: location.name }, location_timezone: zone,
    providers: summary.providers.sort(byProviderName(names)).map((p) => ({
      provider: { id: p.providerId, name: providerName(names.get(p.providerId)!) },
      scheduled: formatCents(p.scheduled), completed: formatCents(p.completed), lost: formatCents(p.lost),
      goal: formatCents(p.goal), attainment_pct: p.attainmentPct,
    })),
    total_scheduled: formatCents(summary.totals.scheduled), total_completed: formatCents(summary.totals.completed),
    total_lost: formatCents(summary.totals.lost), total_goal: formatCents(summary.totals.goal),
    overall_attainment_pct: summary.overallAttainmentPct,
  };
}
