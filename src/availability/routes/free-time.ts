import { Type } from '@sinclair/typebox';
import { invalidIssues } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { issuesFromAjv } from '../../core/http/errors.ts';
import { responses } from '../../core/http/schemas.ts';
import { compileQueryCheck } from '../../core/http/validation.ts';
import { searchFreeTime } from '../queries/free-time.ts';
import { savedFreeTimeParams } from '../queries/saved-free-time.ts';
import { FreeTimeQuery, FreeTimeResultSchema, type FreeTimeQueryParams } from '../schemas/free-time.ts';

const DESCRIPTION = `Bookable starts at one location, from the one availability engine that also serves FHIR Slot search and
location availability. A start is offered for a provider and a chair only when POST /appointments with the same
\`schedule_date\`, \`start_time\`, \`end_time\` (or type), \`provider_uuid\` and \`operatory_uuid\` would be accepted — no
chair overlap, no overlap of the provider's time (the \`X\` segments of the type's time pattern) with their time
anywhere, no no-schedule blockout, appointment rules waiving overlaps as they do for bookings — and, beyond what a
booking checks, when the whole appointment lies inside one of the provider's working ranges at the location (a range
naming a chair allows only that chair) and inside the location's \`open_hours\`, on a day without a holiday blockout,
and not before now. Archived providers and chairs are never offered.

**Time.** Starts fall on the location's local clock every \`step_minutes\` from midnight (a 15-minute step gives
:00 :15 :30 :45, on 23- and 25-hour days too). The end is the start's wall-clock time plus the length, as bookings
compute it, and must fall on the same date before midnight. A start or end inside a spring-forward gap is never
offered; in the repeated fall-back hour only the first (earlier) pass is offered, because a wall-clock booking names
that one. \`start_at\`/\`end_at\` are the real instants with the location's offset.

**Length.** \`appointment_type_uuid\` (its length and pattern), or \`duration_minutes\` (provider busy throughout), not
both (422); with neither, the location's \`default_appointment_type_uuid\`, else 422 \`missing\`.

**Order and limits.** By start, then provider (last, first name), then chair (display order); \`one_per_start\` keeps
the first of each start. At most \`limit\` results; \`has_more\` says whether more were found. The window is
\`date_from\`–\`date_to\` inclusive, at most 90 days (422 beyond, or when reversed); \`latest_time\` must be after
\`earliest_time\` (422). Unknown or inactive location, or one outside a location-limited caller's locations → 404;
unknown provider, chair or type → 404 naming the parameter. Tokens limited to the \`availability:read\` scope may call it.

**For a patient.** \`patient_uuid\` ranks the starts that fit the patient's scheduling preference first (each marked
\`matches_preference\`), the rest after, each group in start order; \`limit\` and \`has_more\` apply to the whole list.

**Saved searches.** \`saved_search_uuid\` runs one of the caller's own \`find_free_time\` saved searches: its criteria are
read as the parameters above (a null value means "not set"), and parameters in the URL win over them.`;

const checkQuery = compileQueryCheck(FreeTimeQuery);
const CRITERIA_KEYS = Object.keys(FreeTimeQuery.properties).filter((k) => k !== 'saved_search_uuid');

/**
 * The query with a saved search's criteria under it: criteria first, then every parameter the URL itself
 * gives (defaults filled in by validation do not count as given), checked as one query — a bad criteria
 * value → 422 at `["saved_search", "criteria", …]`.
 */
async function withSavedSearch(db: Db, orgId: string, userId: string, q: FreeTimeQueryParams, url: string): Promise<FreeTimeQueryParams> {
  if (q.saved_search_uuid === undefined) return q;
  const criteria = await savedFreeTimeParams(db, orgId, userId, q.saved_search_uuid, CRITERIA_KEYS);
  const given = new Set(new URLSearchParams(url.slice(url.indexOf('?') + 1)).keys());
  const merged: Record<string, unknown> = { ...structuredClone(criteria) };
  for (const [k, v] of Object.entries(q)) if (given.has(k)) merged[k] = v;
  if (!checkQuery(merged)) {
    throw invalidIssues(issuesFromAjv(checkQuery.errors ?? [], 'saved_search')
      .map((i) => ({ ...i, loc: ['saved_search', 'criteria', ...i.loc.slice(1)] })));
  }
  return merged as FreeTimeQueryParams;
}

/** The native face of the availability engine. */
export function freeTimeRoutes(app: Api, { db, clock }: Deps): void {
  app.get('/schedule/free-time', {
    config: { scope: 'availability:read' },
    schema: {
      tags: ['Availability'], summary: 'Find free time', description: DESCRIPTION,
      querystring: FreeTimeQuery, response: responses({ 200: Type.Ref(FreeTimeResultSchema) }, [404]),
    },
  }, async (req) => {
    const q = await withSavedSearch(db, req.auth.orgId, req.auth.userId, req.query, req.url);
    return searchFreeTime(db, req.auth.orgId, req.auth.locationIds, q, clock());
  });
}
