// The signed-in token lives in sessionStorage only: gone when the browser session ends, never in a URL.

export interface Session { orgId: string; token: string; orgName: string }

const KEY = 'chairtime.session';

/** The organisation a token belongs to: chairtime tokens read `ct_<org id, 32 hex>_<secret>`. */
export function orgIdOfToken(token: string): string | null {
  const m = /^ct_([0-9a-f]{32})_[A-Za-z0-9_-]{43}$/.exec(token.trim());
  if (!m) return null;
  const h = m[1]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function loadSession(): Session | null {
  const text = sessionStorage.getItem(KEY);
  if (!text) return null;
  try {
    return JSON.parse(text) as Session;
  } catch {
    return null;
  }
}

export function saveSession(s: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
