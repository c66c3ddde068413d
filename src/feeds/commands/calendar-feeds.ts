import { randomBytes } from 'node:crypto';
import { AppError, invalid, notFound } from '../../core/errors.ts';
import type { Db } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { hashToken } from '../../core/tokens.ts';
import { getLocation, getProvider } from '../../practice/index.ts';
import { getCalendarFeed, insertCalendarFeed, revokeCalendarFeed, type CalendarFeedRow } from '../db/calendar-feeds.ts';
import { formatFeedToken } from '../domain/feed-token.ts';

/** Who is creating or revoking: the organisation, the user, and the locations they may see. */
export interface FeedActor {
  orgId: string;
  userId: string;
  scope: LocationScope;
}

export interface CalendarFeedInput {
  providerId?: string;
  locationId?: string;
  name: string;
  includePatientNames: boolean;
}

/** 422 unless exactly one of provider and location is named; 403 for a provider feed by a location-limited user; 404 for an unknown one. */
async function requireSubject(db: Db, actor: FeedActor, input: CalendarFeedInput): Promise<void> {
  if ((input.providerId === undefined) === (input.locationId === undefined)) {
    throw invalid(['body'], 'Give exactly one of provider_uuid and location_uuid');
  }
  if (input.providerId !== undefined) {
    // A provider's feed shows every location they work at, more than a location-limited user may see.
    if (actor.scope !== null) throw new AppError('forbidden', 'A user limited to locations may create location feeds only');
    if (!(await getProvider(db, actor.orgId, input.providerId))) throw notFound('Provider', ['body', 'provider_uuid']);
  } else if (!(await getLocation(db, actor.orgId, input.locationId!, actor.scope))) {
    throw notFound('Location', ['body', 'location_uuid']);
  }
}

/**
 * Creates a live feed with a new random 256-bit token: the clear token is returned once, only its SHA-256
 * is stored. 422 / 403 / 404 as `requireSubject`; a provider or location deleted meanwhile fails on the
 * foreign key (409 in_use).
 */
export async function createCalendarFeed(db: Db, actor: FeedActor, input: CalendarFeedInput): Promise<{ row: CalendarFeedRow; token: string }> {
  await requireSubject(db, actor, input);
  const token = formatFeedToken(actor.orgId, randomBytes(32));
  const id = await insertCalendarFeed(db, actor.orgId, {
    token_hash: hashToken(token), name: input.name, provider_id: input.providerId ?? null, location_id: input.locationId ?? null,
    include_patient_names: input.includePatientNames, created_by: actor.userId,
  });
  return { row: (await getCalendarFeed(db, actor.orgId, id, actor.scope))!, token };
}

/** Revokes live feed `id` at once (its URL answers 404 from then on); 404 when unknown, invisible or already revoked. */
export async function revokeFeed(db: Db, actor: FeedActor, id: string): Promise<void> {
  if (!(await revokeCalendarFeed(db, actor.orgId, id, actor.scope))) throw notFound('Calendar feed', ['path', 'feed_uuid']);
}
