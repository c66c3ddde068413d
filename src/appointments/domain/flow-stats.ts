/** One patient flow event: the status an appointment entered at instant `at` (epoch ms). */
export interface FlowEvent {
  flowStatusId: string;
  name: string | null;
  at: number;
}

/** The time from one event to the next (`end` null: the open, current segment). */
export interface FlowSegment {
  flowStatusId: string;
  name: string | null;
  start: number;
  end: number | null;
  /** Whole seconds; null for the open segment when it is not counted. */
  durationSeconds: number | null;
}

export interface FlowTotal {
  flowStatusId: string;
  name: string | null;
  durationSeconds: number;
}

const seconds = (ms: number) => Math.floor(Math.max(0, ms) / 1000);

/**
 * Turns an appointment's flow events into segments and per-status totals. Each event starts a
 * segment that ends at the next event; the last one is open (end null) and counts up to `now` only
 * when `includeOpen` (else its duration is null and it adds nothing to the totals). Durations are
 * whole seconds, never negative (a `now` before the last event counts 0). Totals list each counted
 * status once, in the order first seen, as the sum of its segments' durations. Events are ordered by
 * `at`, ties kept in the given order.
 */
export function computeFlowStats(events: readonly FlowEvent[], now: number, includeOpen: boolean): { segments: FlowSegment[]; totals: FlowTotal[] } {
  const ordered = [...events].sort((a, b) => a.at - b.at);
  const segments: FlowSegment[] = ordered.map((e, i) => {
    const next = ordered[i + 1];
    if (next) return { flowStatusId: e.flowStatusId, name: e.name, start: e.at, end: next.at, durationSeconds: seconds(next.at - e.at) };
    return { flowStatusId: e.flowStatusId, name: e.name, start: e.at, end: null, durationSeconds: includeOpen ? seconds(now - e.at) : null };
  });
  const totals = new Map<string, FlowTotal>();
  for (const s of segments) {
    if (s.durationSeconds === null) continue;
    const t = totals.get(s.flowStatusId);
    if (t) t.durationSeconds += s.durationSeconds;
    else totals.set(s.flowStatusId, { flowStatusId: s.flowStatusId, name: s.name, durationSeconds: s.durationSeconds });
  }
  return { segments, totals: [...totals.values()] };
}
