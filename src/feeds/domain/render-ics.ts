import ical, { type ICalDayJsStub } from 'ical-generator';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';
import { formatEpochMs } from '../../core/time.ts';
import type { FeedEvent } from './feed-events.ts';

/** How often calendar clients are asked to refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL), matching the HTTP cache. */
export const FEED_TTL_SECONDS = 300;

const KNOWN_ZONES = new Set(tzlib_get_timezones() as string[]);
const VTIMEZONES = new Map<string, { tzid: string; block: string } | null>();

/**
 * The VTIMEZONE of IANA zone `zone` from the IANA database as timezones-ical-library ships it (current
 * rules, as Google Calendar and Outlook expect; CRLF line ends), with the TZID it uses (`UTC` is `Etc/UTC`
 * there); null for a zone it does not know. Cached per zone: the library takes most of a millisecond.
 */
export function vtimezoneOf(zone: string): { tzid: string; block: string } | null {
  if (!VTIMEZONES.has(zone)) {
    const [block, tzidLine] = KNOWN_ZONES.has(zone) ? tzlib_get_ical_block(zone) as string[] : [];
    VTIMEZONES.set(zone, block && tzidLine
      ? { tzid: tzidLine.replace(/^TZID=/, ''), block: block.replace(/\r?\n/g, '\r\n').trim() }
      : null);
  }
  return VTIMEZONES.get(zone)!;
}

/**
 * An instant as wall-clock time in a zone, in the Day.js shape ical-generator accepts: it writes DTSTART
 * and DTEND through `format`. The local time comes from core's cached offsets; a Temporal ZonedDateTime
 * per date cost ~0.3 ms in the polyfill, seconds for a busy location's feed.
 */
function wallClock(ms: number, zone: string): ICalDayJsStub {
  const local = formatEpochMs(ms, zone);
  const self: ICalDayJsStub = {
    format: (f) => (f === 'YYYYMMDD' ? local.slice(0, 10).replaceAll('-', '') : local.slice(11, 19).replaceAll(':', '')),
    isValid: () => true,
    toDate: () => new Date(ms),
    toJSON: () => local,
    tz: () => self,
    utc: () => wallClock(ms, 'UTC'),
  };
  return self;
}

/**
 * Folds one content line as RFC 5545 §3.1 asks (at most 75 octets, continuation lines start with a
 * space), never inside a UTF-8 sequence, exactly as ical-generator's `foldLines` does (its tests use
 * that as the oracle) but in linear time: the library's encodes each character anew, seconds per feed.
 */
export function foldLine(line: string): string {
  if (line.length <= 74 && !/[^\x00-\x7f]/.test(line)) return line;
  let out = '';
  let octets = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    octets += size;
    if (octets > 74) {
      out += '\r\n ';
      octets = size;
    }
    out += ch;
  }
  return out;
}

/**
 * The RFC 5545 text of a feed named `name`: the calendar's properties, one VTIMEZONE per zone used (and
 * `homeZone`'s, so a calendar without events still holds a component), then one VEVENT per event with
 * DTSTART/DTEND as local times and the TZID of their zone, so clients get DST right. An event in a zone
 * the library has no VTIMEZONE for is written in UTC (still the right instant). DTSTAMP is UTC.
 * ical-generator writes every property; this assembles its pieces and folds the lines.
 */
export function renderFeed(name: string, homeZone: string, events: FeedEvent[]): string {
  // Events are made on a calendar without a zone: a calendar-level zone makes DTSTAMP local time.
  const cal = ical({ name, prodId: '//chairtime//calendar feeds//EN', ttl: FEED_TTL_SECONDS });
  const zones = new Map<string, string>();
  const home = vtimezoneOf(homeZone);
  if (home) zones.set(home.tzid, home.block);
  const vevents = events.map((e) => {
    const tz = vtimezoneOf(e.zone);
    if (tz) zones.set(tz.tzid, tz.block);
    const at = (ms: number) => (tz ? wallClock(ms, tz.tzid) : new Date(ms));
    const event = cal.createEvent({
      id: e.uid, sequence: e.sequence, stamp: new Date(e.stamp), lastModified: new Date(e.stamp),
      start: at(e.startMs), end: at(e.endMs), timezone: tz?.tzid ?? null,
      summary: e.summary, location: e.location, description: e.description || null,
    });
    return event.toString().split('\r\n').filter(Boolean).map(foldLine).join('\r\n');
  });
  const head = cal.clear().toString().replace(/END:VCALENDAR$/, '').trimEnd();
  return [head, ...zones.values(), ...vevents, 'END:VCALENDAR'].join('\r\n');
}
