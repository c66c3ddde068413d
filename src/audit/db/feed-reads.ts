import type { Db } from '../../core/db/client.ts';
import { insertPatientRead } from './patient-reads.ts';

/** A fetch of a calendar feed created with patients' names, that showed at least one. */
export interface FeedRead {
  orgId: string;
  feedId: string;
  /** The feed's creator: a feed is fetched by its secret URL, with no user or token of its own. */
  createdBy: string | null;
  method: string;
  /** The feed route's OpenAPI path, `/feeds/{token}.ics` (never the URL: it holds the secret). */
  route: string;
  patientIds: string[];
  requestId: string;
}

/**
 * Appends a calendar feed's fetch to the audit log, in the same row shape as API reads: the reader is the feed's
 * creator, the credential (token_id) and the record (record_id) are the feed, record_kind `calendar_feed`. A feed
 * without a creator cannot be recorded (user_id is required), so its fetch fails rather than go unrecorded.
 */
export async function insertFeedRead(db: Db, r: FeedRead): Promise<void> {
  if (!r.createdBy) throw new Error(`calendar feed ${r.feedId} has no creator to record its read as`);
  await insertPatientRead(db, {
    orgId: r.orgId, userId: r.createdBy, tokenId: r.feedId, method: r.method, route: r.route, kind: 'calendar_feed',
    recordId: r.feedId, patientIds: r.patientIds, requestId: r.requestId,
  });
}
