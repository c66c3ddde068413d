import type { Db } from '../../core/db/client.ts';
import { many, one } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

export type ProviderType = 'dentist' | 'hygienist' | 'assistant' | 'other';

export interface ProviderRow {
  org_id: string;
  id: string;
  first_name: string;
  last_name: string;
  abbrev: string | null;
  provider_type: ProviderType;
  color: string | null;
  is_active: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProviderFilter {
  providerType?: ProviderType;
  isActive?: boolean;
  /** Case-insensitive substring of first name, last name or abbrev (a literal: `%` and `_` are not wildcards). */
  q?: string;
}

/** Lists the organisation's providers by last name, first name and id. */
export function listProviders(db: Db, orgId: string, f: ProviderFilter, page: PageRequest) {
  const where = new Filter(orgId)
    .add('provider_type = $?', f.providerType)
    .add('is_active = $?', f.isActive)
    .add(`(strpos(lower(first_name), lower($?)) > 0 OR strpos(lower(last_name), lower($?)) > 0
      OR strpos(lower(coalesce(abbrev, '')), lower($?)) > 0)`, f.q);
  return selectPage<ProviderRow>(db, '*', 'providers', where, 'lower(last_name), lower(first_name), id', page);
}

/** One provider of the organisation, or undefined. */
export function getProvider(db: Db, orgId: string, id: string): Promise<ProviderRow | undefined> {
  return one<ProviderRow>(db, 'SELECT * FROM providers WHERE org_id = $1 AND id = $2', [orgId, id]);
}

export interface NewProvider {
  first_name: string;
  last_name: string;
  abbrev: string | null;
  provider_type: ProviderType;
  color: string | null;
  is_active: boolean;
}

/** Inserts a provider. */
export async function insertProvider(db: Db, orgId: string, p: NewProvider): Promise<ProviderRow> {
  return (await one<ProviderRow>(db, `
    INSERT INTO providers (org_id, first_name, last_name, abbrev, provider_type, color, is_active)
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
  [orgId, p.first_name, p.last_name, p.abbrev, p.provider_type, p.color, p.is_active]))!;
}

/** The ids among `ids` that are providers of the organisation (lower-case, in no particular order). */
export async function findProviderIds(db: Db, orgId: string, ids: string[]): Promise<string[]> {
  return (await many<{ id: string }>(db, 'SELECT id FROM providers WHERE org_id = $1 AND id = ANY($2::uuid[])', [orgId, ids])).map((r) => r.id);
}
