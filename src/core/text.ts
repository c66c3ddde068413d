/**
 * Where in a parsed JSON value (or query/path object) the first text holding U+0000 is — a string value
 * or an object key — as a path of keys and indexes, or null when there is none. PostgreSQL's text and
 * jsonb cannot store U+0000, so such input is refused before it reaches a statement.
 */
export function findNulText(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  const entries: [string | number, unknown][] = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof key === 'string' && key.includes('\u0000')) return [...path, key];
    const found = findNulText(item, [...path, key]);
    if (found) return found;
  }
  return null;
}
