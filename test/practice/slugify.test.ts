import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FLOW_STATUSES, slugify } from '../../src/practice/domain/defaults.ts';

describe('slugify', () => {
  const cases: [string, string, string][] = [
    // name, slug, what it shows
    ['Arrived', 'arrived', 'one word is lower-cased'],
    ['In Chair', 'in-chair', 'a space becomes a hyphen'],
    ['Ready for Checkout', 'ready-for-checkout', 'several words'],
    ['  Checked   Out  ', 'checked-out', 'runs of spaces collapse, ends are trimmed'],
    ['X-Ray / Pano', 'x-ray-pano', 'punctuation runs become one hyphen'],
    ['--Seated--', 'seated', 'leading and trailing hyphens are dropped'],
    ['Café Crème', 'cafe-creme', 'accents are dropped'],
    ['Room 2B', 'room-2b', 'digits are kept'],
    ['ÄRZTIN', 'arztin', 'upper-case accented letters'],
    ['ﬁnished', 'finished', 'compatibility ligatures decompose (NFKD)'],
    ['!!!', '', 'nothing left: empty'],
    ['', '', 'empty stays empty'],
    ['日本語', '', 'non-Latin scripts leave nothing'],
    ['Step 日本 1', 'step-1', 'non-Latin characters act as separators'],
  ];
  for (const [name, slug, what] of cases) {
    it(`${JSON.stringify(name)} → ${JSON.stringify(slug)}: ${what}`, () => {
      assert.equal(slugify(name), slug);
    });
  }

  it('every non-empty slug matches the pattern the schema enforces', () => {
    for (const [name] of cases) {
      const slug = slugify(name);
      if (slug) assert.match(slug, /^[a-z0-9]+(-[a-z0-9]+)*$/, name);
    }
  });

  it('the default flow statuses get arrived, seated, in-chair, ready-for-checkout, checked-out', () => {
    assert.deepEqual(DEFAULT_FLOW_STATUSES.map((s) => slugify(s.name)),
      ['arrived', 'seated', 'in-chair', 'ready-for-checkout', 'checked-out']);
  });
});
