import { randomUUID } from 'node:crypto';
import { insertLocation, type LocationRow } from '../src/db/locations.ts';
import { insertUser } from '../src/db/users.ts';
import { issueToken } from '../src/commands/issue-token.ts';
import { testPool } from './helpers.ts';

/** A user of `role` in `orgId` (limited to `locationIds` unless null) and a token for them. */
export async function makeUserToken(orgId: string, role: 'admin' | 'staff' | 'viewer', locationIds: string[] | null = null): Promise<{ userId: string; token: string }> {
  const user = await insertUser(testPool(), orgId, { name: `${role} user`, email: `${role}-${randomUUID()}@example.test`, role, locationIds });
  const { token } = await issueToken(testPool(), orgId, user.id);
  return { userId: user.id, token };
}

/** A location written straight through db/ (parents for tests of other resources). */
export function makeLocation(orgId: string, over: Partial<{ name: string; timezone: string }> = {}): Promise<LocationRow> {
  return insertLocation(testPool(), orgId, {
    name: over.name ?? 'Main Street', timezone: over.timezone ?? 'America/New_York', address: null, phone: null, is_active: true,
  });
}
