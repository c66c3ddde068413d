import { createHash } from 'node:crypto';

// Digits, upper case, lower case: the base62 alphabet, ordered so that the text sorts as the number.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = 62n;
/** 62^22 > 2^128 > 62^21: every UUID fits in 22 base62 digits. */
const UUID_DIGITS = 22;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCHEDULE_ID = /^Location\.([0-9A-Za-z]{22})-Staff\.([0-9A-Za-z]{22})$/;
const MAX_UUID = (1n << 128n) - 1n;

/** True when `text` is a UUID in 8-4-4-4-12 hex form (either case). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** A UUID (either case) as 22 base62 digits, left-padded with `0`. Throws on text that is not a UUID. */
export function uuidToBase62(uuid: string): string {
  if (!isUuid(uuid)) throw new Error(`not a UUID: ${uuid}`);
  let n = BigInt(`0x${uuid.replace(/-/g, '')}`);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % BASE)]! + out;
    n /= BASE;
  }
  return out.padStart(UUID_DIGITS, '0');
}

/** The lower-case UUID written by `uuidToBase62`, or null for text that no UUID encodes to. */
export function base62ToUuid(text: string): string | null {
  if (text.length !== UUID_DIGITS) return null;
  let n = 0n;
  for (const ch of text) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) return null;
    n = n * BASE + BigInt(digit);
  }
  if (n > MAX_UUID) return null;
  const hex = n.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A Schedule is one provider at one location. */
export interface ScheduleKey {
  locationId: string;
  providerId: string;
}

/**
 * The FHIR id of a schedule: `Location.<location>-Staff.<provider>`, each UUID in 22 base62 digits (60
 * characters, within FHIR's `[A-Za-z0-9.-]{1,64}`). Stable: the same pair always gives the same id.
 */
export function encodeScheduleId(key: ScheduleKey): string {
  return `Location.${uuidToBase62(key.locationId)}-Staff.${uuidToBase62(key.providerId)}`;
}

/** The pair behind a schedule id (lower-case UUIDs), or null when `id` is not one `encodeScheduleId` writes. */
export function decodeScheduleId(id: string): ScheduleKey | null {
  const m = SCHEDULE_ID.exec(id);
  if (!m) return null;
  const locationId = base62ToUuid(m[1]!);
  const providerId = base62ToUuid(m[2]!);
  return locationId && providerId ? { locationId, providerId } : null;
}

/** A stable FHIR id for a slot: the first 32 hex digits of SHA-256 over its schedule id, start and end text. */
export function slotId(scheduleId: string, start: string, end: string): string {
  return createHash('sha256').update(`${scheduleId}|${start}|${end}`).digest('hex').slice(0, 32);
}
