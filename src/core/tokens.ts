import { createHash, randomBytes } from 'node:crypto';

const TOKEN_RE = /^ct_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/**
 * Formats an API token: `ct_<org id hex>_<256-bit secret, base64url>`. The org id in the text lets the
 * lookup stay within one organisation's rows; only the secret part makes it unguessable.
 */
export function formatToken(orgId: string, secret: Buffer): string {
  if (secret.length !== 32) throw new Error('token secret must be 32 bytes');
  return `ct_${orgId.replace(/-/g, '')}_${secret.toString('base64url')}`;
}

/** Parses a presented token into its organisation and the hash to look up, or null when malformed. */
export function parseToken(text: string): { orgId: string; hash: Buffer } | null {
  const m = TOKEN_RE.exec(text);
  if (!m) return null;
  const hex = m[1]!;
  const orgId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { orgId, hash: hashToken(text) };
}

/** SHA-256 of the whole token text; only this is stored. */
export function hashToken(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

const HOLD_TOKEN = /^ht_[A-Za-z0-9_-]{43}$/;

/** A new hold token, `ht_` and 256 random bits in base64url: the capability that converts the hold into a booking. */
export function newHoldToken(): string {
  return `ht_${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 of a hold token, the only form stored; null when the text cannot be a hold token. */
export function holdTokenHash(text: string): Buffer | null {
  return HOLD_TOKEN.test(text) ? hashToken(text) : null;
}
