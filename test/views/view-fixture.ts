// A practice with several users for the schedule view tests: views are per user, so most tests need two.
import assert from 'node:assert/strict';
import { makePractice } from '../factories.ts';
import { testPool, type Client } from '../helpers.ts';

export const MISSING = '6d1f6f0e-8f5a-4c57-9d0c-2f5a1c3b9e77';

export interface ViewUser {
  id: string;
  c: Client;
}

/** A practice (makePractice) whose admin adds users through the API, and a helper creating views through a client. */
export async function viewPractice() {
  const p = await makePractice();
  let n = 0;
  /** A user of `role` made with POST /users and a token from POST /users/{id}/tokens. */
  const user = async (role: 'admin' | 'staff' | 'viewer', over: Record<string, unknown> = {}): Promise<ViewUser> => {
    const made = await p.c.post('/users', { name: `${role} ${++n}`, email: `${role}${n}@views.test`, role, ...over });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const token = await p.c.post(`/users/${made.body.id}/tokens`, {});
    assert.equal(token.status, 201, JSON.stringify(token.body));
    return { id: made.body.id, c: p.c.as(token.body.token) };
  };
  const ann = await user('staff');
  const bob = await user('staff');
  /** Creates a view at the practice's location through `client` (201 expected). */
  const create = async (client: Client, over: Record<string, unknown> = {}) => {
    const res = await client.post('/schedule/views', { location_uuid: p.loc.id, name: 'My day', ...over });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  return { ...p, user, ann, bob, create };
}

/** Every user's settings rows of an organisation, for checks the API cannot make (another user's settings). */
export async function settingsRows(orgId: string): Promise<{ user_id: string; view_id: string; is_default: boolean; keyboard_shortcut: number | null }[]> {
  const { rows } = await testPool().query(`SELECT user_id, view_id, is_default, keyboard_shortcut FROM schedule_view_user_settings
    WHERE org_id = $1 ORDER BY user_id, view_id`, [orgId]);
  return rows;
}
