import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../src/core/db/client.ts';
import { insertScheduleNote, type ScheduleNoteRow } from '../../src/schedule/db/schedule-notes.ts';
import { closeTestApp, firstIssue, newOrg, testPool, loseRaceAtUniqueKey } from '../helpers.ts';
import { makeLocation, makeUserToken } from '../factories.ts';

after(closeTestApp);

/** A schedule note written straight through db/ (on `db`, e.g. a client inside an open transaction). */
function makeNote(orgId: string, locationId: string, noteDate: string, note = 'Staff meeting at 12:00', db: Db = testPool()): Promise<ScheduleNoteRow> {
  return insertScheduleNote(db, orgId, { location_id: locationId, note_date: noteDate, note });
}

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';
const dates = (res: { body: { items: { note_date: string }[] } }) => res.body.items.map((n) => n.note_date);

describe('schedule notes', () => {
  it('create returns 201 with the location reference, the local date and version 1', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId, { name: 'Downtown' });
    // 2026-03-08 is the spring-forward day in New York: a note date is a plain local date, unaffected.
    const res = await c.post('/schedule/notes', { location_uuid: loc.id, note_date: '2026-03-08', note: 'Clocks go forward tonight' });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body).sort(), ['created_at', 'id', 'location', 'note', 'note_date', 'updated_at', 'version']);
    assert.deepEqual(res.body.location, { id: loc.id, name: 'Downtown' });
    assert.equal(res.body.note_date, '2026-03-08');
    assert.equal(res.body.note, 'Clocks go forward tonight');
    assert.equal(res.body.version, 1);
    assert.match(res.body.created_at, /Z$/);
    const got = await c.get(`/schedule/notes/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
  });

  it('create returns 409 already_exists naming the existing note for a second note on the same location and date, and writes nothing', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const other = await makeLocation(c.orgId, { name: 'Uptown' });
    const first = await makeNote(c.orgId, loc.id, '2026-11-01', 'Original');
    const res = await c.post('/schedule/notes', { location_uuid: loc.id, note_date: '2026-11-01', note: 'Second' });
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.deepEqual(firstIssue(res).loc, ['body', 'note_date']);
    assert.match(firstIssue(res).msg, new RegExp(first.id));
    const list = await c.get(`/schedule/notes?location_uuid=${loc.id}`);
    assert.deepEqual(list.body.items.map((n: any) => [n.note, n.version]), [['Original', 1]]);
    assert.equal((await c.post('/schedule/notes', { location_uuid: other.id, note_date: '2026-11-01', note: 'Other place' })).status, 201);
    assert.equal((await c.post('/schedule/notes', { location_uuid: loc.id, note_date: '2026-11-02', note: 'Next day' })).status, 201);
  });

  it('concurrent creates for one location and date give exactly one 201; the others get 409 already_exists', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      c.post('/schedule/notes', { location_uuid: loc.id, note_date: '2026-04-01', note: `Racer ${i}` })));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 201)!.body.id;
    for (const r of results.filter((x) => x.status === 409)) {
      assert.equal(firstIssue(r).type, 'already_exists');
      assert.match(firstIssue(r).msg, new RegExp(winner));
    }
    assert.equal((await c.get('/schedule/notes')).body.total, 1);
  });

  it('a create that loses the race at the unique key still returns 409 already_exists naming the winner', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const { winner, res } = await loseRaceAtUniqueKey(
      (tx) => makeNote(c.orgId, loc.id, '2026-04-02', 'Winner', tx),
      () => c.post('/schedule/notes', { location_uuid: loc.id, note_date: '2026-04-02', note: 'Loser' }));
    assert.equal(res.status, 409);
    assert.equal(firstIssue(res).type, 'already_exists');
    assert.match(firstIssue(res).msg, new RegExp(winner.id));
    assert.equal((await c.get('/schedule/notes')).body.total, 1);
  });

  it('create returns 404 at body.location_uuid for an unknown or another organisation\'s location, and writes nothing', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeLocation(other.orgId);
    for (const location_uuid of [MISSING, foreign.id]) {
      const res = await c.post('/schedule/notes', { location_uuid, note_date: '2026-03-10', note: 'X' });
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['body', 'location_uuid']);
      assert.equal(firstIssue(res).type, 'not_found');
    }
    assert.equal((await c.get('/schedule/notes')).body.total, 0);
    assert.equal((await other.get('/schedule/notes')).body.total, 0);
  });

  it('create returns 422 for missing, unknown, server-owned and malformed fields, and writes nothing', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const ok = { location_uuid: loc.id, note_date: '2026-03-10', note: 'Fine' };
    for (const field of ['location_uuid', 'note_date', 'note'] as const) {
      const { [field]: _gone, ...rest } = ok;
      const res = await c.post('/schedule/notes', rest);
      assert.equal(res.status, 422, field);
      assert.deepEqual(firstIssue(res), { loc: ['body', field], msg: 'Field required', type: 'missing' });
    }
    for (const extra of [{ id: MISSING }, { version: 2 }, { location_id: loc.id }, { date: '2026-03-10' }]) {
      const res = await c.post('/schedule/notes', { ...ok, ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.deepEqual(firstIssue(res).loc, ['body', Object.keys(extra)[0]]);
      assert.equal(firstIssue(res).type, 'extra_forbidden');
    }
    const cases: [Record<string, unknown>, string][] = [
      [{ note: '' }, 'string_too_short'], [{ note: 'x'.repeat(5001) }, 'string_too_long'], [{ note: 5 }, 'string_type'],
      [{ note_date: '2026-02-30' }, 'date_parsing'], [{ note_date: '10/03/2026' }, 'date_parsing'],
      [{ location_uuid: 'nope' }, 'uuid_parsing'],
    ];
    for (const [bad, type] of cases) {
      const res = await c.post('/schedule/notes', { ...ok, ...bad });
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.equal(firstIssue(res).type, type, JSON.stringify(bad));
    }
    assert.equal((await c.post('/schedule/notes', { ...ok, note: 'x'.repeat(5000) })).status, 201);
    assert.equal((await c.get('/schedule/notes')).body.total, 1);
  });

  it('list orders by note_date ascending, then location name, and filters by location and an inclusive date range', async () => {
    const c = await newOrg();
    const west = await makeLocation(c.orgId, { name: 'West' });
    const east = await makeLocation(c.orgId, { name: 'East' });
    await makeNote(c.orgId, west.id, '2026-03-12', 'W12');
    await makeNote(c.orgId, east.id, '2026-03-12', 'E12');
    await makeNote(c.orgId, west.id, '2026-03-08', 'W08');
    await makeNote(c.orgId, east.id, '2026-11-01', 'E01');
    const all = await c.get('/schedule/notes');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.items.map((n: any) => n.note), ['W08', 'E12', 'W12', 'E01']);
    assert.equal(all.body.total, 4);
    const p2 = await c.get('/schedule/notes?page=2&page_size=3');
    assert.deepEqual(p2.body.items.map((n: any) => n.note), ['E01']);
    assert.deepEqual([p2.body.page, p2.body.page_size, p2.body.total], [2, 3, 4]);
    assert.deepEqual(dates(await c.get(`/schedule/notes?location_uuid=${west.id}`)), ['2026-03-08', '2026-03-12']);
    assert.deepEqual(dates(await c.get('/schedule/notes?date_from=2026-03-08&date_to=2026-03-12')), ['2026-03-08', '2026-03-12', '2026-03-12']);
    assert.deepEqual(dates(await c.get('/schedule/notes?date_from=2026-03-09')), ['2026-03-12', '2026-03-12', '2026-11-01']);
    assert.deepEqual(dates(await c.get('/schedule/notes?date_to=2026-03-08')), ['2026-03-08']);
    assert.deepEqual(dates(await c.get('/schedule/notes?date_from=2026-03-12&date_to=2026-03-12')), ['2026-03-12', '2026-03-12']);
    assert.equal((await c.get(`/schedule/notes?location_uuid=${MISSING}`)).body.total, 0);
  });

  it('list returns 422 when date_to is before date_from, and for malformed dates, uuids and paging', async () => {
    const c = await newOrg();
    const reversed = await c.get('/schedule/notes?date_from=2026-03-13&date_to=2026-03-12');
    assert.equal(reversed.status, 422);
    assert.deepEqual(firstIssue(reversed).loc, ['query', 'date_to']);
    for (const qs of ['date_from=2026-13-01', 'date_to=yesterday', 'location_uuid=nope', 'page=0', 'page_size=201']) {
      const res = await c.get(`/schedule/notes?${qs}`);
      assert.equal(res.status, 422, qs);
      assert.equal(firstIssue(res).loc[0], 'query');
    }
  });

  it('get returns 404 for an unknown id or another organisation\'s note, and 422 for a malformed id', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeNote(other.orgId, (await makeLocation(other.orgId)).id, '2026-03-10');
    for (const id of [MISSING, foreign.id]) {
      const res = await c.get(`/schedule/notes/${id}`);
      assert.equal(res.status, 404);
      assert.deepEqual(firstIssue(res).loc, ['path', 'note_uuid']);
    }
    assert.equal(firstIssue(await c.get('/schedule/notes/not-a-uuid')).type, 'uuid_parsing');
  });

  it('patch changes the note with the current base_version (version 2); a stale one returns 409 naming the current version', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const note = (await c.post('/schedule/notes', { location_uuid: loc.id, note_date: '2026-03-10', note: 'Draft' })).body;
    const ok = await c.patch(`/schedule/notes/${note.id}`, { base_version: 1, note: 'Final' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.note, 'Final');
    assert.equal(ok.body.version, 2);
    assert.equal(ok.body.note_date, '2026-03-10');
    assert.deepEqual(ok.body.location, note.location);
    const stale = await c.patch(`/schedule/notes/${note.id}`, { base_version: 1, note: 'Lost update' });
    assert.equal(stale.status, 409);
    assert.equal(firstIssue(stale).type, 'version_conflict');
    assert.match(firstIssue(stale).msg, /current version is 2/);
    assert.equal((await c.get(`/schedule/notes/${note.id}`)).body.note, 'Final');
  });

  it('patch returns 422 for note_date, location_uuid, a missing base_version or an empty note, and changes nothing', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const elsewhere = await makeLocation(c.orgId, { name: 'Elsewhere' });
    const note = await makeNote(c.orgId, loc.id, '2026-03-10', 'Keep');
    for (const extra of [{ note_date: '2026-03-11' }, { location_uuid: elsewhere.id }]) {
      const res = await c.patch(`/schedule/notes/${note.id}`, { base_version: 1, ...extra });
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.deepEqual(firstIssue(res), { loc: ['body', Object.keys(extra)[0]], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
    }
    assert.deepEqual(firstIssue(await c.patch(`/schedule/notes/${note.id}`, { note: 'B' })).loc, ['body', 'base_version']);
    assert.equal(firstIssue(await c.patch(`/schedule/notes/${note.id}`, { base_version: 1, note: '' })).type, 'string_too_short');
    const got = (await c.get(`/schedule/notes/${note.id}`)).body;
    assert.deepEqual([got.note, got.note_date, got.location.id, got.version], ['Keep', '2026-03-10', loc.id, 1]);
  });

  it('patch and delete return 404 for an unknown id or another organisation\'s note, and change nothing', async () => {
    const c = await newOrg();
    const other = await newOrg();
    const foreign = await makeNote(other.orgId, (await makeLocation(other.orgId)).id, '2026-03-10', 'Theirs');
    for (const id of [MISSING, foreign.id]) {
      const patched = await c.patch(`/schedule/notes/${id}`, { base_version: 1, note: 'X' });
      assert.equal(patched.status, 404);
      assert.deepEqual(firstIssue(patched).loc, ['path', 'note_uuid']);
      assert.equal((await c.delete(`/schedule/notes/${id}`)).status, 404);
    }
    const untouched = (await other.get(`/schedule/notes/${foreign.id}`)).body;
    assert.deepEqual([untouched.note, untouched.version], ['Theirs', 1]);
  });

  it('delete removes the note for good (204, then 404) and frees the date for a new note', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const note = await makeNote(c.orgId, loc.id, '2026-03-10');
    assert.equal((await c.delete(`/schedule/notes/${note.id}`)).status, 204);
    assert.equal((await c.get(`/schedule/notes/${note.id}`)).status, 404);
    assert.equal((await c.delete(`/schedule/notes/${note.id}`)).status, 404);
    const { rows } = await testPool().query('SELECT 1 FROM schedule_notes WHERE org_id = $1', [c.orgId]);
    assert.equal(rows.length, 0);
    assert.equal((await c.post('/schedule/notes', { location_uuid: loc.id, note_date: '2026-03-10', note: 'Again' })).status, 201);
  });

  it('a viewer may read notes but every write returns 403 and changes nothing', async () => {
    const c = await newOrg();
    const loc = await makeLocation(c.orgId);
    const note = await makeNote(c.orgId, loc.id, '2026-03-10', 'Keep');
    const viewer = c.as((await makeUserToken(c.orgId, 'viewer')).token);
    assert.equal((await viewer.get(`/schedule/notes/${note.id}`)).status, 200);
    assert.equal((await viewer.get('/schedule/notes')).body.total, 1);
    const res = await viewer.post('/schedule/notes', { location_uuid: loc.id, note_date: '2026-03-11', note: 'X' });
    assert.equal(res.status, 403);
    assert.equal(firstIssue(res).type, 'forbidden');
    assert.equal((await viewer.patch(`/schedule/notes/${note.id}`, { base_version: 1, note: 'Y' })).status, 403);
    assert.equal((await viewer.delete(`/schedule/notes/${note.id}`)).status, 403);
    const all = (await c.get('/schedule/notes')).body;
    assert.deepEqual(all.items.map((n: any) => [n.note, n.version]), [['Keep', 1]]);
  });

  it('a location-limited staff user cannot see or write another location\'s notes (404) but may manage their own', async () => {
    const c = await newOrg();
    const mine = await makeLocation(c.orgId, { name: 'Mine' });
    const theirs = await makeLocation(c.orgId, { name: 'Theirs' });
    const myNote = await makeNote(c.orgId, mine.id, '2026-03-10', 'Mine');
    const otherNote = await makeNote(c.orgId, theirs.id, '2026-03-10', 'Theirs');
    const limited = c.as((await makeUserToken(c.orgId, 'staff', [mine.id])).token);

    assert.deepEqual((await limited.get('/schedule/notes')).body.items.map((n: any) => n.id), [myNote.id]);
    assert.equal((await limited.get(`/schedule/notes?location_uuid=${theirs.id}`)).body.total, 0);
    assert.equal((await limited.get(`/schedule/notes/${otherNote.id}`)).status, 404);
    assert.equal((await limited.patch(`/schedule/notes/${otherNote.id}`, { base_version: 1, note: 'Hijacked' })).status, 404);
    assert.equal((await limited.delete(`/schedule/notes/${otherNote.id}`)).status, 404);
    const create = await limited.post('/schedule/notes', { location_uuid: theirs.id, note_date: '2026-03-11', note: 'Sneaky' });
    assert.equal(create.status, 404);
    assert.deepEqual(firstIssue(create).loc, ['body', 'location_uuid']);
    const untouched = (await c.get(`/schedule/notes?location_uuid=${theirs.id}`)).body;
    assert.deepEqual(untouched.items.map((n: any) => [n.note, n.version]), [['Theirs', 1]]);

    assert.equal((await limited.post('/schedule/notes', { location_uuid: mine.id, note_date: '2026-03-11', note: 'Mine 2' })).status, 201);
    assert.equal((await limited.patch(`/schedule/notes/${myNote.id}`, { base_version: 1, note: 'Mine, edited' })).status, 200);
    assert.equal((await limited.delete(`/schedule/notes/${myNote.id}`)).status, 204);
  });
});
