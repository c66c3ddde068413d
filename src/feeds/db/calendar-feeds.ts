import { one, type Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';
import type { LocationScope } from '../../core/scope.ts';

/** What a new feed stores: the hash of its token, never the token. Exactly one of provider_id, location_id. */
export interface NewCalendarFeed {
  token_hash: Buffer;
  name: string;
  provider_id: string | null;
  location_id: string | null;
  include_patient_names: boolean;
  created_by: string;
}

/** A feed joined with the names of its provider or location and of the user who made it. */
export interface CalendarFeedRow {
  id: string;
  name: string;
  provider_id: string | null;
  provider_name: string | null;
  location_id: string | null;
  location_name: string | null;
  include_patient_names: boolean;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
  revoked_at: string | null;
}

const FROM = `calendar_feeds f
  LEFT JOIN providers p ON p.org_id = f.org_id AND p.id = f.provider_id
  LEFT JOIN locations l ON l.org_id = f.org_id AND l.id = f.location_id
  LEFT JOIN users u ON u.org_id = f.org_id AND u.id = f.created_by`;
const COLUMNS = `f.id, f.name, f.provider_id, p.first_name || ' ' || p.last_name AS provider_name, f.location_id,
  l.name AS location_name, f.include_patient_names, f.created_by, u.name AS created_by_name, f.created_at, f.revoked_at`;
// A user limited to locations sees only the feeds of those locations; provider feeds span every location.
const IN_SCOPE = '($?::uuid[] IS NULL OR f.location_id = ANY($?::uuid[]))';

/** Stores a feed (live) and returns its id. */
export async function insertCalendarFeed(db: Db, orgId: string, f: NewCalendarFeed): Promise<string> {
  const row = await one<{ id: string }>(db, `
    INSERT INTO calendar_feeds (org_id, token_hash, name, provider_id, location_id, include_patient_names, created_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
  [orgId, f.token_hash, f.name, f.provider_id, f.location_id, f.include_patient_names, f.created_by]);
  return row!.id;
}

/** One feed of the organisation visible in `scope` (revoked ones too), or undefined. */
export function getCalendarFeed(db: Db, orgId: string, id: string, scope: LocationScope): Promise<CalendarFeedRow | undefined> {
  return one<CalendarFeedRow>(db, `SELECT ${COLUMNS} FROM ${FROM}
    WHERE f.org_id = $1 AND f.id = $2 AND ($3::uuid[] IS NULL OR f.location_id = ANY($3::uuid[]))`, [orgId, id, scope]);
}

/** The organisation's feeds visible in `scope`, newest first; revoked ones only when asked. */
export function listCalendarFeeds(db: Db, orgId: string, f: { includeRevoked: boolean }, scope: LocationScope, page: PageRequest) {
  const where = new Filter(orgId, 'f').add('($?::boolean OR f.revoked_at IS NULL)', f.includeRevoked).add(IN_SCOPE, scope);
  return selectPage<CalendarFeedRow>(db, COLUMNS, FROM, where, 'f.created_at DESC, f.id', page);
}

/** Revokes a live feed visible in `scope`; false when there is no such live feed. */
export async function revokeCalendarFeed(db: Db, orgId: string, id: string, scope: LocationScope): Promise<boolean> {
  const res = await db.query(`
    UPDATE calendar_feeds f SET revoked_at = now()
     WHERE f.org_id = $1 AND f.id = $2 AND f.revoked_at IS NULL AND ($3::uuid[] IS NULL OR f.location_id = ANY($3::uuid[]))`,
  [orgId, id, scope]);
  return res.rowCount === 1;
}

/** A live feed found by its token's hash: what it shows and the zone its calendar falls back to. */
export interface LiveFeedRow {
  id: string;
  provider_id: string | null;
  location_id: string | null;
  include_patient_names: boolean;
  /** The user who created the feed: the reader its fetches are audited as. */
  created_by: string | null;
  /** The feed's name, else its provider's or location's. */
  title: string;
  /** The location's zone; for a provider feed, the organisation's first location's (UTC without one). */
  home_zone: string;
}

/**
 * The live (not revoked) feed of `orgId` whose token hashes to `hash`, or undefined. The lookup is by the
 * SHA-256 of the presented token through a unique index, so its time says nothing about the secret.
 */
export function findLiveFeedByHash(db: Db, orgId: string, hash: Buffer): Promise<LiveFeedRow | undefined> {
  return one<LiveFeedRow>(db, {
    name: 'calendar-feed-by-hash',
    text: `
      SELECT f.id, f.provider_id, f.location_id, f.include_patient_names, f.created_by,
             coalesce(nullif(f.name, ''), l.name, p.first_name || ' ' || p.last_name) AS title,
             coalesce(l.timezone, (SELECT fl.timezone FROM locations fl WHERE fl.org_id = f.org_id ORDER BY fl.created_at, fl.id LIMIT 1), 'UTC') AS home_zone
        FROM calendar_feeds f
        LEFT JOIN providers p ON p.org_id = f.org_id AND p.id = f.provider_id
        LEFT JOIN locations l ON l.org_id = f.org_id AND l.id = f.location_id
       WHERE f.org_id = $1 AND f.token_hash = $2 AND f.revoked_at IS NULL`,
  }, [orgId, hash]);
}
