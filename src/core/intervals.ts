/** A half-open interval [start, end) of epoch milliseconds: back-to-back intervals do not overlap. */
export interface Interval {
  start: number;
  end: number;
}

/** True when the half-open intervals share at least one instant. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Sorts by start and merges overlapping or touching intervals into disjoint ones (empty ones dropped). */
export function mergeIntervals(xs: readonly Interval[]): Interval[] {
  let sorted = true;
  for (let i = 1; i < xs.length && sorted; i++) sorted = xs[i - 1]!.start <= xs[i]!.start;
  // Lists read in start order (most of them) skip the sort.
  const ordered = sorted ? xs : [...xs].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const x of ordered) {
    if (x.end <= x.start) continue;
    const last = out[out.length - 1];
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end);
    else out.push({ start: x.start, end: x.end });
  }
  return out;
}

/** `from` minus every interval of `remove`: the parts of `from` that no removed interval covers. */
export function subtractIntervals(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const cuts = mergeIntervals(remove);
  const out: Interval[] = [];
  for (const x of mergeIntervals(from)) {
    let cursor = x.start;
    for (const c of cuts) {
      if (c.end <= cursor || c.start >= x.end) continue;
      if (c.start > cursor) out.push({ start: cursor, end: c.start });
      cursor = Math.max(cursor, c.end);
      if (cursor >= x.end) break;
    }
    if (cursor < x.end) out.push({ start: cursor, end: x.end });
  }
  return out;
}

/** The part of `x` inside `window`, clamped at both ends; null when they do not overlap. */
export function clampInterval(x: Interval, window: Interval): Interval | null {
  const start = Math.max(x.start, window.start);
  const end = Math.min(x.end, window.end);
  return end > start ? { start, end } : null;
}
