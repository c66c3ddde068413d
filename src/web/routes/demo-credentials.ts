import type { FastifyRequest } from 'fastify';
import type { Api } from '../../core/http/deps.ts';
import { setPageHeaders } from './page.ts';

export interface OfferedDemo {
  org_id: string;
  org_name: string;
  token: string;
}

let offered: OfferedDemo | null = null;

/** Lets the page offer "open the demo practice": called by `serve --demo` once the demo is loaded. */
export function offerDemoOnPage(demo: OfferedDemo | null): void {
  offered = demo ? { org_id: demo.org_id, org_name: demo.org_name, token: demo.token } : null;
}

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

/**
 * Only a browser on this machine that asked for this machine by a loopback name: the address check keeps
 * the token off the network, the Host check keeps a page of another site that rebinds its DNS name to
 * 127.0.0.1 from reading it.
 */
function fromThisMachine(req: FastifyRequest): boolean {
  return LOOPBACK_ADDRESS.test(req.socket.remoteAddress ?? '') && LOOPBACK_HOST.test(req.headers.host ?? '');
}

/** GET /web/demo: the demo's organisation and admin token, while this process serves the demo, to loopback callers only. */
export function demoCredentialsRoutes(app: Api): void {
  app.get('/web/demo', { schema: { hide: true } }, async (req, reply) => {
    setPageHeaders(reply).header('cache-control', 'no-store');
    if (!offered || !fromThisMachine(req)) {
      return reply.code(404).send({ detail: [{ loc: [], msg: 'No demo practice is offered here', type: 'not_found' }] });
    }
    return offered;
  });
}
