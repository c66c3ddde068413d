import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';

export interface TokenRow {
  id: string;
  user_id: string;
  name: string | null;
  scopes: string[] | null;
  created_at: string;
  revoked_at: string | null;
}

/** Stores the hash of a new token for a user. */
export async function insertToken(
  db: Db, orgId: string, userId: string, hash: Buffer, name: string | null, scopes: string[] | null = null,
): Promise<TokenRow> {
  return (await one<TokenRow>(db, `
    INSERT INTO api_tokens (org_id, user_id, token_hash, name, scopes) VALUES ($1, $2, $3, $4, $5)
    RETURNING id, user_id, name, scopes, created_at, revoked_at`, [orgId, userId, hash, name, scopes]))!;
}

/** Lists a user's tokens (never their secrets), newest first. */
export function listTokensForUser(db: Db, orgId: string, userId: string): Promise<TokenRow[]> {
  return many<TokenRow>(db, `
    SELECT id, user_id, name, scopes, created_at, revoked_at FROM api_tokens
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
