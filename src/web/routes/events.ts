import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Api, Deps } from '../../core/http/deps.ts';
import { sendIssues } from '../../core/http/errors.ts';
import { eventsResponses } from '../schemas/events.ts';
import { createChangeHub } from './change-hub.ts';

const KEEP_ALIVE_MS = 25_000;

function acceptsEventStream(req: FastifyRequest): boolean {
  return /(^|,)\s*text\/event-stream\s*(;|,|$)/i.test(req.headers.accept ?? '');
}

/** Opens the stream by hand (the reply is hijacked: Fastify's serialisation and onSend hooks do not run). */
function openStream(req: FastifyRequest, reply: FastifyReply) {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-accel-buffering': 'no',
    // A stream holds its connection as long as the page is open: when it ends (the server is stopping) the
    // connection closes too, so a proxy never reuses it for a request just as the process goes away.
    connection: 'close',
    'x-request-id': req.id,
  });
  res.write('retry: 2000\n\n');
  return res;
}

/**
 * GET /events: a server-sent event stream of appointment changes for the caller's organisation, limited to
 * the caller's locations. Fed by PostgreSQL LISTEN/NOTIFY through one connection per process, so every
 * server instance hears the changes every other one commits.
 */
export function eventsRoutes(app: Api, { db }: Deps): void {
  const hub = createChangeHub(db, app.log);
  app.addHook('preClose', async () => hub.close());

  app.get('/events', {
    schema: {
      tags: ['Live updates'], summary: 'Stream appointment changes (server-sent events)',
      description: 'What the front desk page listens to so that every open page showing a day updates within seconds of a '
        + 'booking, move or cancellation made anywhere. Needs `Accept: text/event-stream` (406 otherwise) and the usual '
        + 'bearer token in the Authorization header (browsers read it with fetch(), since EventSource cannot send headers). '
        + 'Changes are those committed after the stream opened, in the caller\'s organisation and, for a user limited to '
        + 'some locations, at those locations only. After a reconnect, reload what is shown: changes in between are not replayed.',
      response: eventsResponses as never,
    },
  }, async (req, reply) => {
    if (!acceptsEventStream(req)) {
      return sendIssues(reply, 406, [{ loc: ['header', 'accept'], msg: 'This is an event stream: send Accept: text/event-stream', type: 'not_acceptable' }]);
    }
    const res = openStream(req, reply);
    const end = () => { if (!res.writableEnded) res.end(); };
    const unsubscribe = await hub.subscribe({
      orgId: req.auth.orgId,
      locationIds: req.auth.locationIds,
      send: (notice) => res.write(`event: appointment\ndata: ${JSON.stringify(notice)}\n\n`),
      end,
    }).catch((err: Error) => {
      req.log.error({ err: err.message }, 'live updates: could not LISTEN');
      end();
      return null;
    });
    if (!unsubscribe) return;
    if (res.closed) return unsubscribe();
    res.write('event: ready\ndata: {}\n\n');
    const ping = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    res.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });
}
