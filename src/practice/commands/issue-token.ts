import { randomBytes } from 'node:crypto';
import { formatToken, hashToken } from '../../core/tokens.ts';
import type { Db } from '../../core/db/client.ts';
import { insertToken, type TokenRow } from '../db/tokens.ts';
import { findUserByEmail } from '../db/users.ts';
import { AppError } from '../../core/errors.ts';

/** Creates a random 256-bit token for a user; the clear text is returned once and only its hash stored. */
export async function issueToken(
  db: Db, orgId: string, userId: string, name: string | null = null, scopes: string[] | null = null,
): Promise<{ row: TokenRow; token: string }> {
  const token = formatToken(orgId, randomBytes(32));
  const row = await insertToken(db, orgId, userId, hashToken(token), name, scopes);
  return { row, token };
}

/** Issues a token for the live user with `email` in organisation `orgId` (CLI); throws when there is none. */
export async function issueTokenForEmail(db: Db, orgId: string, email: string): Promise<string> {
  const user = await findUserByEmail(db, orgId, email);
  if (!user) throw new AppError('not_found', `no user ${email} in organisation ${orgId}`);
  return (await issueToken(db, orgId, user.id, 'cli')).token;
}
