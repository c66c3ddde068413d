import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Api, Deps } from '../../core/http/deps.ts';
import { insertPatientRead, type PendingPatientRead } from '../db/patient-reads.ts';
import { auditedRead, openApiPath, patientIdsIn, type ReadKind } from '../domain/audited-reads.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The record a path names (its one parameter besides org_id), when it is an id. */
function recordIdOf(req: FastifyRequest): string | null {
  const named = Object.entries(req.params as Record<string, string>).find(([k]) => k !== 'org_id')?.[1];
  return named && UUID.test(named) ? named : null;
}

function parsed(payload: unknown): unknown {
  if (typeof payload !== 'string') return undefined;
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}

// Requests whose read was recorded by the statement that made it (patientReadInsertItem).
const recordedInStatement = new WeakSet<FastifyRequest>();

/**
 * The record an audited route's answer to `req` will need, for a handler that writes it in the statement that reads
 * the patients (db/patient-reads.ts, patientReadInsertItem); null when the route is not audited. The handler says
 * so with `patientReadRecorded` once that statement has run, and the hook then records nothing more.
 */
export function pendingPatientRead(req: FastifyRequest): (PendingPatientRead & { kind: ReadKind }) | null {
  const url = req.routeOptions.url;
  const kind = auditedRead(req.method, url);
  if (!kind || !req.auth) return null;
  return {
    orgId: req.auth.orgId, userId: req.auth.userId, tokenId: req.auth.tokenId, method: req.method, route: openApiPath(url!),
    kind, recordId: recordIdOf(req), requestId: String(req.id).slice(0, 200),
  };
}

/** Says that the statement answering `req` has recorded its read (see pendingPatientRead). */
export function patientReadRecorded(req: FastifyRequest): void {
  recordedInStatement.add(req);
}

/**
 * Records every successful answer of an audited route (domain/audited-reads.ts) that names at least one patient:
 * one INSERT per request, finished before the answer is sent. If it fails the caller gets 500 and no patient data —
 * nobody reads without a record. A 4xx (not found, forbidden, invalid) names nobody and records nothing. The
 * answer is looked at before serialization, where the INSERT starts, and awaited once the answer is serialized
 * (the two overlap: the statement's round trip costs a page no time of its own); onSend catches an audited route
 * that ever sends ready-made JSON text. A route may instead record the read in the very statement that reads the
 * patients (pendingPatientRead, patientReadRecorded): one round trip less, and the record commits with the read.
 */
export function recordPatientReads(app: Api, { db }: Deps): void {
  const pending = new WeakMap<FastifyRequest, Promise<void>>();

  async function record(req: FastifyRequest, reply: FastifyReply, body: unknown): Promise<void> {
    const read = pendingPatientRead(req);
    if (!read || reply.statusCode < 200 || reply.statusCode >= 300 || recordedInStatement.has(req)) return;
    const patientIds = patientIdsIn(read.kind, body);
    if (patientIds.length === 0) return;
    await insertPatientRead(db, { ...read, patientIds });
  }

  app.addHook('preSerialization', async (req, reply, payload) => {
    const started = record(req, reply, payload);
    // Awaited in onSend; until then a failure must not count as unhandled.
    started.catch(() => undefined);
    pending.set(req, started);
    return payload;
  });
  app.addHook('onSend', async (req, reply, payload) => {
    // Throwing here answers 500 through the error handler, in place of the serialized answer.
    await (pending.get(req) ?? (recordedInStatement.has(req) ? undefined : record(req, reply, parsed(payload))));
    return payload;
  });
}
