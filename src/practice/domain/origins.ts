const ORIGIN = /^(https?):\/\/([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:(\d{1,5}))?$/;

/**
 * A browser origin as the Origin header carries it, normalised: lower-case `scheme://host[:port]`, the
 * scheme's default port dropped. null when `text` is not an http(s) origin (a path, query, user info or
 * wildcard included).
 */
export function normalizeOrigin(text: string): string | null {
  const m = ORIGIN.exec(text.toLowerCase());
  if (!m) return null;
  const [, scheme, host, , , , , port] = m;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return null;
  const defaultPort = scheme === 'https' ? '443' : '80';
  return `${scheme}://${host}${port === undefined || port === defaultPort ? '' : `:${port}`}`;
}
