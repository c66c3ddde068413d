import type pg from 'pg';
import { detachReadAuditPartition, dropReadAuditTable, ensureReadAuditPartition, listExpiredReadAuditPartitions } from '../db/read-audit-partitions.ts';

/** Six years, what HIPAA expects an audit log to be kept (45 CFR 164.316(b)(2)). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 2190;

/**
 * AUDIT_RETENTION_DAYS from `env`: whole days the read audit is kept, 0 for ever; default six years. Throws on
 * anything else, so a typo never shortens retention.
 */
export function auditRetentionDays(env: NodeJS.ProcessEnv): number {
  const text = env.AUDIT_RETENTION_DAYS ?? String(DEFAULT_AUDIT_RETENTION_DAYS);
  if (!/^\d+$/.test(text.trim())) throw new Error(`AUDIT_RETENTION_DAYS must be a whole number of days (0: keep for ever), not '${text}'`);
  return Number(text);
}

export interface PruneReadAuditOptions {
  /** Days a read is kept at least (0: for ever, nothing is dropped). */
  retentionDays: number;
  /** Months after the current one whose partitions are made now (default 2). */
  monthsAhead?: number;
  /** The instant whose month is the current one (default now). */
  now?: Date;
}

export interface PruneReadAuditResult {
  /** The partitions of this month and the months ahead, made now or before. */
  ready: string[];
  /** The partitions dropped, every row in them past retention. */
  dropped: string[];
}

/**
 * Makes the read audit's partitions of this month and `monthsAhead` more, then detaches (CONCURRENTLY: audited reads
 * go on) and drops every partition whose whole month is at least `retentionDays` old, finishing any an interrupted run
 * left half-done. Rows are only ever removed with their whole month, never by DELETE; a partition holding one row
 * younger than retention stays. Needs the pool: detaching concurrently runs outside a transaction.
 */
export async function pruneReadAudit(pool: pg.Pool, { retentionDays, monthsAhead = 2, now = new Date() }: PruneReadAuditOptions): Promise<PruneReadAuditResult> {
  const ready: string[] = [];
  for (let i = 0; i <= monthsAhead; i++) {
    ready.push(await ensureReadAuditPartition(pool, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1))));
  }
  const dropped: string[] = [];
  if (retentionDays === 0) return { ready, dropped };
  for (const p of await listExpiredReadAuditPartitions(pool, retentionDays)) {
    if (p.attached) await detachReadAuditPartition(pool, p.name, p.detaching);
    await dropReadAuditTable(pool, p.name);
    dropped.push(p.name);
  }
  return { ready, dropped };
}
