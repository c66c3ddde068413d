import { hashToken } from '../../core/tokens.ts';

const FEED_TOKEN = /^cf_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/**
 * The secret of a calendar feed's URL: `cf_<org id hex>_<256-bit secret, base64url>`. The organisation in
 * the text keeps the lookup within its own rows; only the secret makes the URL unguessable.
 */
export function formatFeedToken(orgId: string, secret: Buffer): string {
  if (secret.length !== 32) throw new Error('feed token secret must be 32 bytes');
  return `cf_${orgId.replace(/-/g, '')}_${secret.toString('base64url')}`;
}

/** The organisation and SHA-256 hash (the only form stored) of a presented feed token; null when it cannot be one. */
export function parseFeedToken(text: string): { orgId: string; hash: Buffer } | null {
  const m = FEED_TOKEN.exec(text);
  if (!m) return null;
  const hex = m[1]!;
  const orgId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { orgId, hash: hashToken(text) };
}
