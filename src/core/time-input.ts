import { invalid } from './errors.ts';
import { inputRange } from './time.ts';

/**
 * Converts a wall-clock range on a local date to instants for a write, or throws 422: `dst_gap` for
 * a time inside a spring-forward gap, `value_error` for an end not after the start. Ambiguous
 * fall-back times take the earlier instant. `loc` prefixes the field name, e.g. ['body'].
 */
export function requireLocalRange(
  date: string, startTime: string, endTime: string, zone: string, loc: (string | number)[] = ['body'],
): { startMs: number; endMs: number } {
  const r = inputRange(date, startTime, endTime, zone);
  if (r.ok) return { startMs: r.startMs, endMs: r.endMs };
  if (r.reason === 'dst_gap') {
    throw invalid([...loc, r.field], `${r.field === 'start_time' ? startTime : endTime} does not exist on ${date} in ${zone} (daylight-saving gap)`, 'dst_gap');
  }
  throw invalid([...loc, 'end_time'], 'end_time must be after start_time on the same date');
}
