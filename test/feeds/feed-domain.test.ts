// Pure tier: the feed's token, window, events and rendering. The renderer assembles ical-generator's pieces
// and folds lines itself; ical-generator's own whole-calendar output (slow, obviously the library's) is the oracle.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ical, { foldLines } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import { seededRandom } from '../../src/core/random.ts';
import { feedWindow, toFeedEvent, type FeedAppointment, type FeedEvent } from '../../src/feeds/domain/feed-events.ts';
import { formatFeedToken, parseFeedToken } from '../../src/feeds/domain/feed-token.ts';
import { FEED_TTL_SECONDS, foldLine, renderFeed, vtimezoneOf } from '../../src/feeds/domain/render-ics.ts';
import { parseIcs, type Component } from './ics.ts';

const ORG = '0b8f7c2e-1d3a-4e5f-9a6b-7c8d9e0f1a2b';

function appointment(over: Partial<FeedAppointment> = {}): FeedAppointment {
  return {
    id: 'a1', version: 4, start_at: '2026-03-08T14:00:00.000Z', end_at: '2026-03-08T15:00:00.000Z', updated_at: '2026-03-01T09:30:00.000Z',
    timezone: 'America/New_York', location_name: 'Main Street', operatory_name: 'Op 1', appointment_type_name: 'Exam',
    patient_name: 'Ann Smith', provider_names: ['Dana Molar'], ...over,
  };
}

describe('feed tokens', () => {
  it('a formatted token parses back to its organisation and SHA-256; anything else is null', () => {
    const token = formatFeedToken(ORG, Buffer.alloc(32, 7));
    assert.match(token, /^cf_0b8f7c2e1d3a4e5f9a6b7c8d9e0f1a2b_[A-Za-z0-9_-]{43}$/);
    assert.equal(parseFeedToken(token)!.orgId, ORG);
    assert.equal(parseFeedToken(token)!.hash.length, 32);
    for (const bad of ['', 'nope', token.slice(0, -1), `${token}x`, token.replace('cf_', 'ct_'), token.toUpperCase()]) assert.equal(parseFeedToken(bad), null, bad);
  });
});

describe('feed events', () => {
  it('the window is 30 days back to 180 ahead of now, half-open', () => {
    assert.deepEqual(feedWindow(new Date('2026-03-10T14:00:00Z')), { startAt: '2026-02-08T14:00:00.000Z', endAt: '2026-09-06T14:00:00.000Z' });
  });

  it('an event has a stable UID, the version as SEQUENCE, and the patient only when allowed', () => {
    const e = toFeedEvent(appointment(), false);
    assert.deepEqual({ ...e, stamp: e.stamp.toISOString() }, {
      uid: 'a1@chairtime', sequence: 4, startMs: Date.parse('2026-03-08T14:00:00Z'), endMs: Date.parse('2026-03-08T15:00:00Z'),
      zone: 'America/New_York', stamp: '2026-03-01T09:30:00.000Z', summary: 'Exam', location: 'Main Street — Op 1', description: 'Providers: Dana Molar',
    });
    assert.equal(toFeedEvent(appointment(), true).summary, 'Exam — Ann Smith');
    const bare = toFeedEvent(appointment({ appointment_type_name: null, operatory_name: null, provider_names: [] }), true);
    assert.deepEqual([bare.summary, bare.location, bare.description], ['Appointment — Ann Smith', 'Main Street', '']);
  });
});

describe('rendering', () => {
  it('folds exactly as ical-generator does, for random lines of 1- to 4-byte characters', () => {
    const rnd = seededRandom(16);
    const alphabet = ['a', 'Z', ' ', ';', 'é', 'ß', '—', '€', '日', '😀', '🦷'];
    for (let n = 0; n < 500; n++) {
      const line = Array.from({ length: Math.floor(rnd() * 300) }, () => alphabet[Math.floor(rnd() * alphabet.length)]!).join('');
      assert.equal(foldLine(line), foldLines(line), JSON.stringify(line));
    }
  });

  it('knows the VTIMEZONE of every zone Intl knows, and UTC as Etc/UTC', () => {
    const missing = Intl.supportedValuesOf('timeZone').filter((z) => !vtimezoneOf(z));
    assert.deepEqual(missing, []);
    assert.equal(vtimezoneOf('UTC')!.tzid, 'Etc/UTC');
    assert.equal(vtimezoneOf('Mars/Olympus'), null);
  });

  it('writes what ical-generator writes for the same events, over random instants in DST weeks of New York and Berlin', () => {
    const rnd = seededRandom(20260308);
    // The weeks around 2026-03-08 and 2026-11-01 (New York) and 2026-03-29 and 2026-10-25 (Berlin), in UTC.
    const weeks = ['2026-03-05', '2026-10-29', '2026-03-26', '2026-10-22'].map((d) => Date.parse(`${d}T00:00:00Z`));
    const zones = ['America/New_York', 'Europe/Berlin'];
    for (let round = 0; round < 20; round++) {
      const events: FeedEvent[] = Array.from({ length: 1 + Math.floor(rnd() * 8) }, (_, i) => {
        const startMs = weeks[Math.floor(rnd() * weeks.length)]! + Math.floor(rnd() * 7 * 96) * 900_000;
        return {
          uid: `e${i}@chairtime`, sequence: 1 + Math.floor(rnd() * 5), startMs, endMs: startMs + (1 + Math.floor(rnd() * 8)) * 900_000,
          zone: zones[Math.floor(rnd() * zones.length)]!, stamp: new Date(startMs - 86_400_000),
          summary: rnd() < 0.5 ? 'Exam' : 'Crown prep, upper; "left" — Ann Smith-Whitaker 🦷', location: 'Main Street — Op 1', description: 'Providers: Dana Molar',
        };
      });
      assert.deepEqual(normalise(parseIcs(renderFeed('Feed', 'America/New_York', events))), normalise(parseIcs(oracle(events))), `round ${round}`);
    }
  });
});

/** The same calendar written wholly by ical-generator, dates as Temporal ZonedDateTimes. */
function oracle(events: FeedEvent[]): string {
  const cal = ical({
    name: 'Feed', prodId: '//chairtime//calendar feeds//EN', ttl: FEED_TTL_SECONDS,
    timezone: { name: null, generator: (tz) => vtimezoneOf(tz)?.block ?? null },
  });
  for (const e of events) {
    const at = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(e.zone);
    cal.createEvent({
      id: e.uid, sequence: e.sequence, stamp: e.stamp, lastModified: e.stamp, start: at(e.startMs), end: at(e.endMs), timezone: e.zone,
      summary: e.summary, location: e.location, description: e.description,
    });
  }
  return cal.toString();
}

/** A calendar as comparable data: its properties, its zones by TZID (the home zone is extra in ours), its events in order. */
function normalise(cal: Component) {
  const props = (c: Component) => c.props.map((p) => `${p.name}${JSON.stringify(p.params)}:${p.value}`).sort();
  const events = cal.children.filter((c) => c.name === 'VEVENT').map(props);
  const zones = cal.children.filter((c) => c.name === 'VTIMEZONE' && events.some((e) => e.some((p) => p.includes(props(c).find((x) => x.startsWith('TZID'))!.slice(7)))));
  return { props: props(cal), zones: zones.map((z) => JSON.stringify(z)).sort(), events };
}
