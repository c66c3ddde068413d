import type { Db } from '../../core/db/client.ts';
import { findLiveFeedByHash } from '../db/calendar-feeds.ts';
import { listFeedAppointments } from '../db/feed-appointments.ts';
import { feedWindow, toFeedEvent } from '../domain/feed-events.ts';
import { parseFeedToken } from '../domain/feed-token.ts';
import { renderFeed } from '../domain/render-ics.ts';

/** A feed's calendar as served, with what its audit record needs. */
export interface FeedCalendar {
  orgId: string;
  feedId: string;
  /** The user who created the feed. */
  createdBy: string | null;
  text: string;
  /** Every patient whose name the text shows, in order of first appearance: none unless the feed shows names. */
  patientIds: string[];
}

/**
 * The iCalendar text of the live feed whose token is `token`, at instant `now`; null when the token is
 * malformed, unknown or revoked (no query for a malformed one). Two statements: the feed, its appointments.
 */
export async function loadFeedCalendar(db: Db, token: string, now: Date): Promise<FeedCalendar | null> {
  const parsed = parseFeedToken(token);
  if (!parsed) return null;
  const feed = await findLiveFeedByHash(db, parsed.orgId, parsed.hash);
  if (!feed) return null;
  const subject = feed.provider_id ? { providerId: feed.provider_id } : { locationId: feed.location_id! };
  const rows = await listFeedAppointments(db, parsed.orgId, subject, feedWindow(now), feed.include_patient_names);
  return {
    orgId: parsed.orgId, feedId: feed.id, createdBy: feed.created_by,
    text: renderFeed(feed.title, feed.home_zone, rows.map((r) => toFeedEvent(r, feed.include_patient_names))),
    patientIds: [...new Set(rows.flatMap((r) => (r.patient_id ? [r.patient_id] : [])))],
  };
}
