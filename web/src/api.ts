// The one way the page talks to chairtime: the public API under /api/v1/{org_id}, bearer token in a header.
import type { ErrorBody } from './types.ts';

/** A refused request, with the API's own words. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ErrorBody | null) {
    super(plainWords(status, body));
  }
  get type(): string | undefined {
    return this.body?.detail[0]?.type;
  }
}

const WHY: Record<string, string> = {
  version_conflict: 'Someone else changed this appointment meanwhile.',
  slot_conflict: 'That time is not free.',
  overlap: 'That time overlaps another booking.',
  dst_gap: 'That time does not exist on this day (the clocks skip it).',
  forbidden: 'Your account may not do this.',
  not_found: 'It no longer exists, or you may not see it.',
  unauthorized: 'Your sign-in is no longer valid.',
  state_conflict: 'The appointment\'s status does not allow this.',
};

/** The error body's messages as one sentence for a person, led by what the code means. */
export function plainWords(status: number, body: ErrorBody | null): string {
  const details = body?.detail ?? [];
  if (!details.length) return `The server answered ${status}.`;
  const lead = WHY[details[0]!.type] ?? '';
  const msgs = details.map((d) => {
    const where = d.loc.filter((l) => l !== 'body' && l !== 'query').join('.');
    return where && d.type !== 'slot_conflict' && d.type !== 'version_conflict' ? `${where}: ${d.msg}` : d.msg;
  });
  return [lead, ...msgs].filter(Boolean).join(' ');
}

export type Query = Record<string, string | number | boolean | string[] | undefined | null>;

export class Api {
  constructor(readonly orgId: string, private readonly token: string) {}

  url(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      for (const x of Array.isArray(v) ? v : [v]) params.append(k, String(x));
    }
    const qs = params.toString();
    return `/api/v1/${this.orgId}${path}${qs ? `?${qs}` : ''}`;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, ...extra };
  }

  async request<T>(method: string, path: string, query: Query = {}, body?: unknown): Promise<T> {
    const res = await fetch(this.url(path, query), {
      method,
      headers: this.headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new ApiError(res.status, json ?? null);
    return json as T;
  }

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.request<T>('GET', path, query);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, {}, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, {}, body);
  }

  /** Every item of a paged list (page_size 200). */
  async all<T>(path: string, query: Query = {}): Promise<T[]> {
    const out: T[] = [];
    for (let page = 1; ; page++) {
      const res = await this.get<{ items: T[]; total: number }>(path, { ...query, page, page_size: 200 });
      out.push(...res.items);
      if (out.length >= res.total || res.items.length === 0) return out;
    }
  }
}
