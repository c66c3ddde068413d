import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import type { Api } from '../../core/http/deps.ts';
import { PAGE_DIR } from '../domain/page-files.ts';

/**
 * The page's own origin only: no inline script or style element, no third-party origin, no framing. Styles
 * set through the CSSOM (element.style) are not inline styles in CSP's sense, so the grid can place cards.
 */
const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "font-src 'self'",
  "manifest-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};

/** The headers every response of the page carries. */
export function setPageHeaders(reply: FastifyReply): FastifyReply {
  return reply.headers({
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  });
}

async function sendFile(reply: FastifyReply, file: string, cache: string) {
  const body = await readFile(path.join(PAGE_DIR, file)).catch(() => null);
  setPageHeaders(reply);
  if (!body) {
    if (file !== 'index.html') return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    return reply.code(503).type('text/plain; charset=utf-8').header('cache-control', 'no-store')
      .send('The front desk page is not built yet: run `npm run build:web` (npm ci does it), then reload.');
  }
  return reply.type(TYPES[path.extname(file)] ?? 'application/octet-stream').header('cache-control', cache).send(body);
}

/**
 * The front desk's page at `/` and its fingerprinted assets at `/assets/…` (cached for a year: a new build
 * has new names), with a strict Content-Security-Policy. Not part of the API: hidden from the OpenAPI document.
 */
export function pageRoutes(app: Api): void {
  const hide = { hide: true };
  app.get('/', { schema: hide }, (_req, reply) => sendFile(reply, 'index.html', 'no-cache'));
  app.get('/favicon.svg', { schema: hide }, (_req, reply) => sendFile(reply, 'favicon.svg', 'public, max-age=86400'));
  app.get<{ Params: { file: string } }>('/assets/:file', { schema: hide }, (req, reply) => {
    const { file } = req.params;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(file)) return setPageHeaders(reply).code(404).send('Not found');
    return sendFile(reply, path.join('assets', file), 'public, max-age=31536000, immutable');
  });
}
