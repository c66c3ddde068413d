import { Type } from '@sinclair/typebox';
import type { Api, Deps } from './deps.ts';
import { sendIssues } from './errors.ts';

const Status = Type.Object({ status: Type.String() });

/** `/healthz` (process up) and `/readyz` (database reachable); no authentication. */
export function healthRoutes(app: Api, { db }: Deps): void {
  app.get('/healthz', {
    schema: { tags: ['Health'], summary: 'Liveness: the process is up', security: [], response: { 200: Status } },
  }, async () => ({ status: 'ok' }));

  app.get('/readyz', {
    schema: { tags: ['Health'], summary: 'Readiness: the database answers', security: [], response: { 200: Status } },
  }, async (_req, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ready' };
    } catch {
      return sendIssues(reply, 503, [{ loc: [], msg: 'Database unreachable', type: 'unavailable' }]);
    }
  });
}
