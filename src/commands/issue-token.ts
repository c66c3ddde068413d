import { randomBytes } from 'node:crypto';
import { formatToken, hashToken } from '../domain/tokens.ts';
import type { Db } from '../db/client.ts';
import { insertToken, type TokenRow } from '../db/tokens.ts';

/** Creates a random 256-bit token for a user; the clear text is returned once and only its hash stored. */
export async function issueToken(db: Db, orgId: string, userId: string, name: string | null = null): Promise<{ row: TokenRow; token: string }> {
  const token = formatToken(orgId, randomBytes(32));
  const row = await insertToken(db, orgId, userId, hashToken(token), name);
  return { row, token };
}
