import { one, type Db } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

/** The columns a client may write; every other column is the server's. */
export interface WebhookEndpointFields {
  url: string;
  description: string;
  events: string[];
  is_active: boolean;
}

/** An endpoint as the API shows it: never its secrets. */
export interface WebhookEndpointRow extends WebhookEndpointFields {
  org_id: string;
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
}

// Dynamic SET lists take their column names from here only, never from a request.
const FIELD_COLUMNS: readonly (keyof WebhookEndpointFields)[] = ['url', 'description', 'events', 'is_active'];
const COLUMNS = 'org_id, id, url, description, events, is_active, version, created_at, updated_at';

/** The organisation's endpoints, oldest first. */
export function listWebhookEndpoints(db: Db, orgId: string, page: PageRequest) {
  return selectPage<WebhookEndpointRow>(db, COLUMNS, 'webhook_endpoints', new Filter(orgId), 'created_at, id', page);
}

/** One endpoint of the organisation (without secrets), or undefined. */
export function getWebhookEndpoint(db: Db, orgId: string, id: string): Promise<WebhookEndpointRow | undefined> {
  return one<WebhookEndpointRow>(db, `SELECT ${COLUMNS} FROM webhook_endpoints WHERE org_id = $1 AND id = $2`, [orgId, id]);
}

/** Reads and row-locks (until the transaction ends) endpoint `id`: its version; undefined when none. */
export function lockWebhookEndpoint(db: Db, orgId: string, id: string): Promise<{ version: number } | undefined> {
  return one<{ version: number }>(db, 'SELECT version FROM webhook_endpoints WHERE org_id = $1 AND id = $2 FOR UPDATE', [orgId, id]);
}

/** Inserts an endpoint (version 1) signing with `secret` and returns it. */
export async function insertWebhookEndpoint(db: Db, orgId: string, f: WebhookEndpointFields, secret: string): Promise<WebhookEndpointRow> {
  const row = await one<WebhookEndpointRow>(db, `
    INSERT INTO webhook_endpoints (org_id, secret, ${FIELD_COLUMNS.join(', ')})
    VALUES ($1, $2, ${FIELD_COLUMNS.map((_c, i) => `$${i + 3}`).join(', ')}) RETURNING ${COLUMNS}`,
  [orgId, secret, ...FIELD_COLUMNS.map((c) => f[c])]);
  return row!;
}

/** Writes the given fields of endpoint `id` and bumps its version; the caller checked the version under a lock. */
export async function updateWebhookEndpoint(db: Db, orgId: string, id: string, changes: Partial<WebhookEndpointFields>): Promise<WebhookEndpointRow> {
  const cols = FIELD_COLUMNS.filter((c) => changes[c] !== undefined);
  const sets = cols.map((c, i) => `${c} = $${i + 3}`);
  const row = await one<WebhookEndpointRow>(db,
    `UPDATE webhook_endpoints SET ${[...sets, 'version = version + 1'].join(', ')} WHERE org_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [orgId, id, ...cols.map((c) => changes[c])]);
  return row!;
}

/**
 * Makes `secret` the endpoint's signing secret (version + 1); the old one still signs, beside it, for
 * `graceHours`, so receivers can switch without losing a delivery. Undefined when there is no such endpoint.
 */
export function replaceWebhookSecret(db: Db, orgId: string, id: string, secret: string, graceHours: number): Promise<WebhookEndpointRow | undefined> {
  return one<WebhookEndpointRow>(db, `
    UPDATE webhook_endpoints
       SET previous_secret = secret, previous_secret_until = now() + make_interval(hours => $4), secret = $3, version = version + 1
     WHERE org_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [orgId, id, secret, graceHours]);
}

/** Deletes endpoint `id` with its deliveries and their log; false when there was none. */
export async function deleteWebhookEndpoint(db: Db, orgId: string, id: string): Promise<boolean> {
  const res = await db.query('DELETE FROM webhook_endpoints WHERE org_id = $1 AND id = $2', [orgId, id]);
  return (res.rowCount ?? 0) > 0;
}
