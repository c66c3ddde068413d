import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assignCopyGroups, blockoutsConflict, copyCandidates, copyWeekPairs, isMonday, planPlacements, repeatWeekPairs, templateCandidates,
  type BlockoutCandidate, type PlacedBlockout, type SourceBlockout, type TemplateItemRule,
} from '../../src/blockouts/domain/copy-plan.ts';
import { formatEpochMs, inputRange } from '../../src/core/time.ts';

const NY = 'America/New_York';
const LUNCH = 'type-lunch';
const MEETING = 'type-meeting';
const HOLIDAY = 'type-holiday';
const NAMES: Record<string, string> = { [LUNCH]: 'Lunch', [MEETING]: 'Meeting', [HOLIDAY]: 'Holiday' };

let seq = 0;
/** A stored blockout at the New York location: `op` null is location-wide. Times HH:MM. */
function placed(date: string, start: string, end: string, over: Partial<PlacedBlockout> = {}): PlacedBlockout {
  const r = inputRange(date, `${start}:00`, `${end}:00`, NY);
  if (!r.ok) throw new Error(`bad fixture ${date} ${start}-${end}`);
  const typeId = over.typeId ?? LUNCH;
  return {
    id: `b${++seq}`, date, operatoryId: null, operatoryName: null, typeId, typeName: NAMES[typeId]!, isHoliday: typeId === HOLIDAY,
    startTime: `${start}:00`, endTime: `${end}:00`, startMs: r.startMs, endMs: r.endMs, ...over,
  };
}
function source(date: string, start: string, end: string, over: Partial<SourceBlockout> = {}): SourceBlockout {
  return { ...placed(date, start, end, over), isDoNotCopy: false, typeActive: true, note: '', groupId: null, ...over };
}
function candidate(date: string, start: string, end: string, over: Partial<BlockoutCandidate> = {}): BlockoutCandidate {
  const typeId = over.typeId ?? LUNCH;
  return {
    sourceId: `s${++seq}`, date, operatoryId: null, operatoryName: null, typeId, typeName: NAMES[typeId]!, typeActive: true,
    isHoliday: false, startTime: `${start}:00`, endTime: `${end}:00`, note: '', ...over,
  };
}
const holiday = (date: string) => placed(date, '00:00', '23:59', { typeId: HOLIDAY });
const op1 = { operatoryId: 'op-1', operatoryName: 'Op 1' };
const op2 = { operatoryId: 'op-2', operatoryName: 'Op 2' };
/** "date start-end op" of each draft, for compact expectations. */
const summary = (ds: { date: string; startTime: string; endTime: string; operatoryId: string | null }[]) =>
  ds.map((d) => `${d.date} ${d.startTime.slice(0, 5)}-${d.endTime.slice(0, 5)} ${d.operatoryId ?? 'all'}`);

describe('blockoutsConflict: location-wide vs operatory semantics', () => {
  const cases: [string, Partial<PlacedBlockout>, string, string, Partial<PlacedBlockout>, string, string, boolean][] = [
    // meaning, a's operatory, a start, a end, b's operatory, b start, b end, conflict?
    ['same operatory, overlapping', op1, '12:00', '13:00', op1, '12:30', '13:30', true],
    ['different operatories may overlap', op1, '12:00', '13:00', op2, '12:00', '13:00', false],
    ['a location-wide blockout counts for every operatory', {}, '12:00', '13:00', op2, '12:30', '12:45', true],
    ['an operatory blockout under a location-wide one', op1, '08:00', '09:00', {}, '08:30', '10:00', true],
    ['two location-wide blockouts', {}, '12:00', '13:00', {}, '12:59', '14:00', true],
    ['back-to-back on one operatory is fine (half-open)', op1, '12:00', '13:00', op1, '13:00', '14:00', false],
    ['back-to-back location-wide is fine', {}, '12:00', '13:00', op1, '11:00', '12:00', false],
  ];
  for (const [meaning, aOp, aStart, aEnd, bOp, bStart, bEnd, expected] of cases) {
    it(meaning, () => {
      const a = placed('2026-06-01', aStart, aEnd, aOp);
      const b = placed('2026-06-01', bStart, bEnd, bOp);
      assert.equal(blockoutsConflict(a, b), expected);
      assert.equal(blockoutsConflict(b, a), expected);
    });
  }
});

describe('planPlacements', () => {
  const D = '2026-06-02';
  const cases: { name: string; candidates: BlockoutCandidate[]; placed: PlacedBlockout[]; drafts: string[]; warnings: RegExp[] }[] = [
    {
      name: 'places candidates on a free day', candidates: [candidate(D, '12:00', '13:00'), candidate(D, '08:00', '09:00', op1)],
      placed: [], drafts: [`${D} 12:00-13:00 all`, `${D} 08:00-09:00 op-1`], warnings: [],
    },
    {
      name: 'adds beside existing blockouts that do not overlap', candidates: [candidate(D, '12:00', '13:00', op1)],
      placed: [placed(D, '12:00', '13:00', op2), placed(D, '08:00', '09:00')], drafts: [`${D} 12:00-13:00 op-1`], warnings: [],
    },
    {
      name: 'skips an exact twin (same type, operatory, start and end) and never duplicates it',
      candidates: [candidate(D, '12:00', '13:00', op1)], placed: [placed(D, '12:00', '13:00', op1)],
      drafts: [], warnings: [/^Skipped Lunch 12:00–13:00 \(Op 1\) on 2026-06-02: the same blockout already exists there$/],
    },
    {
      name: 'a same-time blockout of another type is not a twin but an overlap',
      candidates: [candidate(D, '12:00', '13:00', { ...op1, typeId: MEETING })], placed: [placed(D, '12:00', '13:00', op1)],
      drafts: [], warnings: [/Meeting 12:00–13:00 \(Op 1\).*would overlap Lunch 12:00–13:00 \(Op 1\)/],
    },
    {
      name: 'skips a candidate overlapping a different blockout on its operatory',
      candidates: [candidate(D, '12:30', '13:30', op1)], placed: [placed(D, '12:00', '13:00', op1, )],
      drafts: [], warnings: [/would overlap Lunch 12:00–13:00 \(Op 1\)/],
    },
    {
      name: 'a location-wide candidate overlaps an operatory blockout',
      candidates: [candidate(D, '12:00', '13:00')], placed: [placed(D, '12:30', '13:00', { ...op2, typeId: MEETING })],
      drafts: [], warnings: [/Lunch 12:00–13:00 \(whole location\).*would overlap Meeting 12:30–13:00 \(Op 2\)/],
    },
    {
      name: 'an operatory candidate overlaps a location-wide blockout',
      candidates: [candidate(D, '12:15', '12:45', op1)], placed: [placed(D, '12:00', '13:00', { typeId: MEETING })],
      drafts: [], warnings: [/would overlap Meeting 12:00–13:00 \(whole location\)/],
    },
    {
      name: 'candidates also may not overlap each other: the later one is skipped',
      candidates: [candidate(D, '12:00', '13:00', op1), candidate(D, '12:30', '13:30', { ...op1, typeId: MEETING })],
      placed: [], drafts: [`${D} 12:00-13:00 op-1`], warnings: [/Meeting 12:30–13:30 \(Op 1\).*would overlap Lunch 12:00–13:00 \(Op 1\)/],
    },
    {
      name: 'a holiday date gets nothing and one warning naming it',
      candidates: [candidate('2026-12-25', '12:00', '13:00'), candidate('2026-12-25', '08:00', '09:00', op1), candidate('2026-12-24', '12:00', '13:00')],
      placed: [holiday('2026-12-25')], drafts: ['2026-12-24 12:00-13:00 all'], warnings: [/^2026-12-25 is a holiday at this location: nothing was added on it$/],
    },
    {
      name: 'a candidate of an inactive type is skipped',
      candidates: [candidate(D, '12:00', '13:00', { typeActive: false })], placed: [], drafts: [], warnings: [/type is inactive/],
    },
    {
      // 02:30 on 2026-03-08 does not exist in New York: clocks jump from 02:00 EST to 03:00 EDT.
      name: 'a time in the spring-forward gap is skipped', candidates: [candidate('2026-03-08', '02:30', '03:30')], placed: [],
      drafts: [], warnings: [/^Skipped Lunch 02:30–03:30 \(whole location\) on 2026-03-08: 02:30 does not exist on 2026-03-08 \(daylight-saving gap\)$/],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { drafts, warnings } = planPlacements(c.candidates, c.placed, NY);
      assert.deepEqual(summary(drafts), c.drafts);
      assert.equal(warnings.length, c.warnings.length, JSON.stringify(warnings));
      c.warnings.forEach((re, i) => assert.match(warnings[i]!, re));
    });
  }

  const instants: [string, string, string, string, string][] = [
    // date, start, end, meaning, expected start instant
    ['2026-03-08', '12:00', '13:00', 'noon on the spring-forward day is EDT', '2026-03-08T12:00:00-04:00'],
    ['2026-03-01', '12:00', '13:00', 'noon the Sunday before is EST', '2026-03-01T12:00:00-05:00'],
    ['2026-11-01', '01:00', '01:30', 'ambiguous 01:00 on the fall-back day is the earlier (EDT) instant', '2026-11-01T01:00:00-04:00'],
  ];
  for (const [date, start, end, meaning, expected] of instants) {
    it(`drafts carry instants in the zone: ${meaning}`, () => {
      const { drafts } = planPlacements([candidate(date, start, end)], [], NY);
      assert.equal(formatEpochMs(drafts[0]!.startMs, NY), expected);
    });
  }
});

describe('copy planning: copyCandidates + planPlacements', () => {
  const weekOf = (monday: string, over: Partial<SourceBlockout> = {}) =>
    copyWeekPairs(monday, monday).slice(0, 5).map(([d]) => source(d, '12:00', '13:00', over));

  it('skips do-not-copy and holiday blockouts of the source, copying the rest', () => {
    const sources = [
      source('2026-06-01', '12:00', '13:00'),
      source('2026-06-01', '08:00', '09:00', { ...op1, typeId: MEETING, isDoNotCopy: true }),
      source('2026-06-01', '00:00', '23:59', { typeId: HOLIDAY, isHoliday: true }),
    ];
    const candidates = copyCandidates(sources, [['2026-06-01', '2026-06-08']]);
    assert.deepEqual(summary(candidates), ['2026-06-08 12:00-13:00 all']);
  });

  it('copy-week skips a holiday in the target week with a warning naming it', () => {
    const pairs = copyWeekPairs('2026-12-14', '2026-12-21');
    const { drafts, warnings } = planPlacements(copyCandidates(weekOf('2026-12-14'), pairs), [holiday('2026-12-25')], NY);
    assert.deepEqual(drafts.map((d) => d.date), ['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24']);
    assert.deepEqual(warnings, ['2026-12-25 is a holiday at this location: nothing was added on it']);
  });

  it('repeat-weeks skips each holiday of the following weeks with a warning per date', () => {
    const pairs = repeatWeekPairs('2026-12-14', 3);
    const holidays = [holiday('2026-12-25'), holiday('2027-01-01')];
    const { drafts, warnings } = planPlacements(copyCandidates(weekOf('2026-12-14'), pairs), holidays, NY);
    assert.equal(drafts.length, 13);
    assert.ok(!drafts.some((d) => d.date === '2026-12-25' || d.date === '2027-01-01'));
    assert.deepEqual(warnings.map((w) => w.slice(0, 10)), ['2026-12-25', '2027-01-01']);
  });

  it('copy-week onto the spring-forward week keeps wall-clock times: 12:00–13:00 stays local, now -04:00', () => {
    const sources = [source('2026-03-01', '12:00', '13:00'), source('2026-03-01', '02:30', '03:00', op1)];
    const { drafts, warnings } = planPlacements(copyCandidates(sources, copyWeekPairs('2026-02-23', '2026-03-02')), [], NY);
    assert.deepEqual(summary(drafts), ['2026-03-08 12:00-13:00 all']);
    assert.equal(formatEpochMs(drafts[0]!.startMs, NY), '2026-03-08T12:00:00-04:00');
    assert.equal(formatEpochMs(drafts[0]!.endMs, NY), '2026-03-08T13:00:00-04:00');
    assert.match(warnings[0]!, /Lunch 02:30–03:00 \(Op 1\) on 2026-03-08: 02:30 does not exist/);
  });
});

describe('week pairs', () => {
  const mondays: [string, boolean][] = [['2026-03-02', true], ['2026-03-08', false], ['2026-12-28', true], ['2026-12-29', false]];
  for (const [date, expected] of mondays) it(`isMonday(${date}) is ${expected}`, () => assert.equal(isMonday(date), expected));

  it('copyWeekPairs maps each weekday onto the same weekday, across a month end', () => {
    const pairs = copyWeekPairs('2026-03-23', '2026-03-30');
    assert.deepEqual(pairs[0], ['2026-03-23', '2026-03-30']);
    assert.deepEqual(pairs[6], ['2026-03-29', '2026-04-05']);
  });

  it('repeatWeekPairs covers the next num_weeks weeks, never the source week', () => {
    const pairs = repeatWeekPairs('2026-12-21', 2);
    assert.equal(pairs.length, 14);
    assert.deepEqual(pairs[0], ['2026-12-21', '2026-12-28']);
    assert.deepEqual(pairs[13], ['2026-12-27', '2027-01-10']);
  });
});

describe('assignCopyGroups', () => {
  const ids = () => { let n = 0; return () => `g${++n}`; };
  const a = source('2026-06-01', '12:00', '13:00', { ...op1, groupId: 'G' });
  const b = source('2026-06-01', '12:00', '13:00', { ...op2, groupId: 'G' });
  const c = source('2026-06-01', '08:00', '09:00');
  const pairs = repeatWeekPairs('2026-06-01', 2).filter(([from]) => from === '2026-06-01');
  const { drafts } = planPlacements(copyCandidates([a, b, c], pairs), [], NY);

  it('repeat-weeks: copies join their source group; an ungrouped source gets one new group for itself and its copies', () => {
    const { draftGroups, newSourceGroups } = assignCopyGroups(drafts, [a, b, c], 'join-source', ids());
    assert.deepEqual(draftGroups, ['G', 'G', 'g1', 'G', 'G', 'g1']);
    assert.deepEqual([...newSourceGroups], [[c.id, 'g1']]);
  });

  it('copy-day / copy-week: copies of one source group share one new group; ungrouped copies stay ungrouped', () => {
    const { draftGroups, newSourceGroups } = assignCopyGroups(drafts, [a, b, c], 'per-operation', ids());
    assert.deepEqual(draftGroups, ['g1', 'g1', null, 'g1', 'g1', null]);
    assert.equal(newSourceGroups.size, 0);
  });
});

describe('templateCandidates', () => {
  const item = (over: Partial<TemplateItemRule>): TemplateItemRule => ({
    id: `i${++seq}`, typeId: LUNCH, typeName: 'Lunch', typeActive: true, isHoliday: false, operatoryId: null, operatoryName: null,
    operatoryLocationId: null, startTime: '12:00:00', endTime: '13:00:00', ...over,
  });

  it('keeps location-wide items and items of operatories at the location, skipping others with a warning', () => {
    const items = [item({}), item({ ...op1, operatoryLocationId: 'loc-a' }), item({ ...op2, operatoryLocationId: 'loc-b' })];
    const { candidates, warnings } = templateCandidates(items, '2026-06-01', 'loc-a');
    assert.deepEqual(summary(candidates), ['2026-06-01 12:00-13:00 all', '2026-06-01 12:00-13:00 op-1']);
    assert.deepEqual(warnings, ['Skipped Lunch 12:00–13:00 (Op 2) on 2026-06-01: its operatory is not at this location']);
  });
});
