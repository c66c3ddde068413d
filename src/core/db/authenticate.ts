import type { Db } from './client.ts';
import { one } from './client.ts';
import { failureWindowSql, type AuthFailureWindow } from './auth-failures.ts';

/** The identity behind a valid token. `location_ids` is null for a user not limited to locations. */
export interface TokenIdentityRow {
  token_id: string;
  user_id: string;
  role: 'admin' | 'staff' | 'viewer';
  location_ids: string[] | null;
  /** null: the user's full rights; otherwise the only scopes the token may use. */
  scopes: string[] | null;
}

/** What a tenant request's authentication reads: the caller's failure window and the token's identity, if live. */
export interface Authentication {
  window: AuthFailureWindow;
  identity: TokenIdentityRow | undefined;
}

// The live user behind a token hash in the organisation (not revoked, user not deleted), beside the
// caller's failure window: one statement and one connection per request on the hottest path.
const AUTHENTICATE = {
  name: 'authenticate',
  text: `
    SELECT w.failures, w.seconds_left, i.token_id, i.user_id, i.role, i.location_ids, i.scopes
      FROM (${failureWindowSql('$1')}) w
      LEFT JOIN (
        SELECT t.id AS token_id, u.id AS user_id, u.role, t.scopes,
               CASE WHEN u.location_limited THEN
                 coalesce((SELECT array_agg(ul.location_id) FROM user_locations ul
                            WHERE ul.org_id = u.org_id AND ul.user_id = u.id), '{}')
               END AS location_ids
          FROM api_tokens t JOIN users u ON u.org_id = t.org_id AND u.id = t.user_id
         WHERE t.org_id = $2 AND t.token_hash = $3 AND t.revoked_at IS NULL AND u.deleted_at IS NULL) i ON true`,
};

/** Reads `clientKey`'s failure window and the live identity behind a token hash in `orgId`, in one statement. */
export async function authenticate(db: Db, clientKey: string, orgId: string, hash: Buffer): Promise<Authentication> {
  const r = (await one<AuthFailureWindow & { [K in keyof TokenIdentityRow]: TokenIdentityRow[K] | null }>(db, AUTHENTICATE,
    [clientKey, orgId, hash]))!;
  const window = { failures: r.failures, seconds_left: r.seconds_left };
  if (r.token_id === null) return { window, identity: undefined };
  return { window, identity: { token_id: r.token_id, user_id: r.user_id!, role: r.role!, location_ids: r.location_ids, scopes: r.scopes } };
}
