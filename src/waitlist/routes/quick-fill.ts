import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import { findQuickFillMatches } from '../queries/quick-fill.ts';
import { QuickFillBody, QuickFillResult } from '../schemas/quick-fill.ts';

/** The quick-fill formula, stated once (also for the cancel and break responses). */
export const QUICK_FILL_FORMULA = 'Score = urgency (urgent 40, soon 25, routine 10, flexible 0) + priority (AsapPriority definitions '
  + 'rank in ascending importance by item_order, as the defaults Normal, High: the last one 20, each earlier one 5 fewer, at least 5; none 0) + days waiting (1 point per 2 whole days, at most 30) + '
  + 'fit, each 10 when it fits, 5 when no preference is stated, 0 when it misses: preferred days (the opening\'s weekday), preferred '
  + 'time (the opening starts at or after the window\'s start and ends at or before its end) — the entry\'s own days or window, else '
  + 'the patient\'s scheduling preference —, provider (the entry\'s preferred one vs the opening\'s), location (10 at the entry\'s home '
  + 'location, 0 elsewhere) and duration (round(10 × the minutes the entry needs / the opening\'s minutes); 5 when unknown; the '
  + 'entry\'s `estimated_duration_mins`, else its type\'s duration). Ranked by score, then urgency, then days waiting, then entry id. '
  + 'Excluded: entries not active or expired, an opening outside the entry\'s date range, a location the entry does not accept, '
  + 'another appointment type than the opening\'s, a visit longer than the opening, and patients with a scheduled or complete '
  + 'appointment overlapping the opening.';

/** Quick-fill: who on the ASAP list should get an opening, with reasons. */
export function quickFillRoutes(app: Api, deps: Deps): void {
  app.post('/waitlist/quick-fill', {
    schema: {
      tags: ['Waitlist'], summary: 'Find matching ASAP entries for an opening',
      description: `Ranks the ASAP entries that could take an opening (a read: nothing is written; 200). ${QUICK_FILL_FORMULA} `
        + 'Each match has the entry, `score`, `quality` (from the fit points), `provider_match`, `location_match`, `duration_fit` and '
        + '`score_details` (each factor\'s points, maximum and reason). Entries outside a location-limited caller\'s locations are '
        + 'never offered. Unknown location (or outside the caller\'s), provider, type or chair → 404; a chair at another location, an '
        + 'end not after the start → 422; a time in a DST gap → 422 `dst_gap`.',
      body: QuickFillBody, response: responses({ 200: QuickFillResult }, [404]),
    },
  }, async (req) => findQuickFillMatches(deps.db, req.auth.orgId, req.auth.locationIds, deps.clock(), req.body));
}
