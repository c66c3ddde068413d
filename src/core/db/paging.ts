import type pg from 'pg';
import { runAll, type Db } from './client.ts';

/** 1-based page request; the HTTP layer bounds page_size to 1..200. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/**
 * A WHERE clause under construction: always starts with `org_id = $1`, then one placeholder per
 * added condition. Fragments are our own SQL; only values travel as parameters.
 */
export class Filter {
  readonly params: unknown[];
  private readonly parts: string[];

  constructor(orgId: string, alias = '') {
    this.params = [orgId];
    this.parts = [`${alias ? alias + '.' : ''}org_id = $1`];
  }

  /** Adds `fragment` with `$?` standing for a new parameter bound to `value`; skipped when value is undefined. */
  add(fragment: string, value: unknown): this {
    if (value === undefined) return this;
    this.params.push(value);
    this.parts.push(fragment.replaceAll('$?', `$${this.params.length}`));
    return this;
  }

  /** Binds `value` as a new parameter and returns its placeholder, for a condition the caller places itself. */
  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get sql(): string {
    return this.parts.join(' AND ');
  }
}

/**
 * Runs `SELECT columns FROM from WHERE filter ORDER BY orderBy` for one page plus a count of all
 * matching rows. `orderBy` must end in a unique column so pages never overlap.
 */
export async function selectPage<T extends pg.QueryResultRow>(
  db: Db, columns: string, from: string, filter: Filter, orderBy: string, page: PageRequest,
): Promise<{ rows: T[]; total: number }> {
  const n = filter.params.length;
  const [data, count] = await runAll(db,
    () => db.query<T>(`SELECT ${columns} FROM ${from} WHERE ${filter.sql} ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...filter.params, page.pageSize, (page.page - 1) * page.pageSize]),
    () => db.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${from} WHERE ${filter.sql}`, filter.params),
  );
  return { rows: data.rows, total: count.rows[0]?.total ?? 0 };
}
