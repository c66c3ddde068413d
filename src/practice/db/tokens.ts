import { failureWindowSql, type AuthFailureWindow } from '../../core/db/auth-failures.ts';
import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';

/** The identity behind a valid token. `location_ids` is null for a user not limited to locations. */
export interface TokenIdentityRow {
  token_id: string;
  user_id: string;
  role: 'admin' | 'staff' | 'viewer';
  location_ids: string[] | null;
}

export interface TokenRow {
  id: string;
  user_id: string;
  name: string | null;
  created_at: string;
  revoked_at: string | null;
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
    SELECT w.failures, w.seconds_left, i.token_id, i.user_id, i.role, i.location_ids
      FROM (${failureWindowSql('$1')}) w
      LEFT JOIN (
        SELECT t.id AS token_id, u.id AS user_id, u.role,
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
  return { window, identity: { token_id: r.token_id, user_id: r.user_id!, role: r.role!, location_ids: r.location_ids } };
}

/** Stores the hash of a new token for a user. */
export async function insertToken(db: Db, orgId: string, userId: string, hash: Buffer, name: string | null): Promise<TokenRow> {
  return (await one<TokenRow>(db, `
    INSERT INTO api_tokens (org_id, user_id, token_hash, name) VALUES ($1, $2, $3, $4)
    RETURNING id, user_id, name, created_at, revoked_at`, [orgId, userId, hash, name]))!;
}

/** Lists a user's tokens (never their secrets), newest first. */
export function listTokensForUser(db: Db, orgId: string, userId: string): Promise<TokenRow[]> {
  return many<TokenRow>(db, `
    SELECT id, user_id, name, created_at, revoked_at FROM api_tokens
     WHERE org_id = $1 AND user_id = $2 ORDER BY created_at DESC, id`, [orgId, userId]);
}

/** Revokes one token of a user; returns false when there is no such live token. */
export async function revokeToken(db: Db, orgId: string, userId: string, tokenId: string): Promise<boolean> {
  const res = await db.query(`
    UPDATE api_tokens SET revoked_at = now()
     WHERE org_id = $1 AND user_id = $2 AND id = $3 AND revoked_at IS NULL`, [orgId, userId, tokenId]);
  return res.rowCount === 1;
}

/** Revokes every token of a user (on user deletion). */
export async function revokeAllTokensOfUser(db: Db, orgId: string, userId: string): Promise<void> {
  await db.query('UPDATE api_tokens SET revoked_at = now() WHERE org_id = $1 AND user_id = $2 AND revoked_at IS NULL', [orgId, userId]);
}
