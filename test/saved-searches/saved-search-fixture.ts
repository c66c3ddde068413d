// Users of one organisation for the saved-search tests, made through the API as a front desk would.
import assert from 'node:assert/strict';
import type { Client, Res } from '../helpers.ts';
import { testPool } from '../helpers.ts';

let users = 0;

/** A user of `admin`'s organisation made with POST /users, with a token made with POST /users/{id}/tokens. */
export async function makeUser(admin: Client, role: 'admin' | 'staff' | 'viewer'): Promise<{ id: string; client: Client }> {
  const user = await admin.post('/users', { name: `${role} ${++users}`, email: `${role}-${users}-${Date.now()}@example.test`, role });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  const token = await admin.post(`/users/${user.body.id}/tokens`, {});
  assert.equal(token.status, 201, JSON.stringify(token.body));
  return { id: user.body.id, client: admin.as(token.body.token) };
}

/** POSTs a saved search (a morning hygiene search unless overridden) and asserts 201. */
export async function saveSearch(c: Client, over: Record<string, unknown> = {}): Promise<any> {
  const res = await c.post('/schedule/saved-searches', {
    name: 'Morning hygiene', criteria: { duration_minutes: 60, earliest_time: '08:00', days_of_week: [0, 2] }, ...over,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** Every default search of one user, by type, as stored. */
export async function defaultsOf(orgId: string, userId: string): Promise<{ search_type: string; id: string }[]> {
  const { rows } = await testPool().query(
    'SELECT search_type, id FROM saved_searches WHERE org_id = $1 AND user_id = $2 AND is_default ORDER BY search_type, id', [orgId, userId]);
  return rows;
}

/** The ids of a list response's items, in order. */
export const idsOf = (res: Res) => res.body.items.map((s: { id: string }) => s.id);
