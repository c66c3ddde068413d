/** Host names of this machine, the one place an endpoint may be plain http. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Why `text` cannot be an endpoint URL, or null when it can: an absolute https URL, or http to a loopback
 * host (127.0.0.0/8, ::1, localhost: a receiver beside chairtime, and tests), without credentials or a
 * fragment. Deliveries are signed, but only TLS keeps their content private on the way.
 */
export function endpointUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The URL must be https';
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) return 'The URL must be https (plain http only to a loopback host)';
  if (url.username || url.password) return 'The URL may not carry credentials';
  if (url.hash) return 'The URL may not have a fragment';
  return null;
}
