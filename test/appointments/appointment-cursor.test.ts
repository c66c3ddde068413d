import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestApp, firstIssue, type Client, type Res } from '../helpers.ts';
import { makeLocation, makeOperatory, makePractice, makeUserToken } from '../factories.ts';

after(closeTestApp);

const MISSING = '3f0b3c36-31c4-4a57-9a8c-2a1c7d6f0a11';

async function create(c: Client, body: Record<string, unknown>): Promise<string> {
  const res = await c.post('/appointments', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

/** Every page of `query` from the start, `first` at a time; `between` runs after each page. */
async function walk(c: Client, query: string, first: number, between: (page: number) => Promise<void> = async () => {}) {
  const pages: string[][] = [];
  let after: string | null = null;
  for (;;) {
    const res: Res = await c.get(`/appointments/cursor?first=${first}${query}${after ? `&after=${after}` : ''}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    pages.push(res.body.data.map((a: { id: string }) => a.id));
    if (!res.body.page_info.has_next_page) return pages;
    after = res.body.page_info.end_cursor;
    assert.ok(after);
    await between(pages.length);
  }
}

describe('cursor list of appointments', () => {
  it('pages through every appointment once by start, ties by id and those without a start last, then has_next_page is false', async () => {
    const { c, body, patient, loc, ops } = await makePractice();
    const a = await create(c, body({ start_time: '09:00', end_time: '10:00' }));
    // Two at the same instant in different chairs: the id breaks the tie.
    const [t1, t2] = [await create(c, body()), await create(c, body({ operatory_uuid: ops[1]!.id }))].sort();
    const d = await create(c, body({ schedule_date: '2026-03-11' }));
    const [u1, u2] = [await create(c, { patient_uuid: patient.id, location_uuid: loc.id }), await create(c, { patient_uuid: patient.id, location_uuid: loc.id })].sort();
    const pages = await walk(c, '', 2);
    assert.deepEqual(pages, [[a, t1], [t2, d], [u1, u2]]);
    const res = await c.get('/appointments/cursor');
    assert.equal(res.body.org_uuid, c.orgId);
    assert.equal(res.body.data[0].start_time, '2026-03-10T09:00:00-04:00');
    assert.deepEqual(res.body.page_info.has_next_page, false);
    assert.deepEqual((await walk(c, '&sort_dir=desc', 4)).flat(), [d, t2, t1, a, u2, u1], 'descending: those without a start still last');
    // One at a time, so some cursors point at an appointment without a start.
    assert.deepEqual((await walk(c, '', 1)).flat(), [a, t1, t2, d, u1, u2]);
    assert.deepEqual((await walk(c, '&sort_dir=desc', 1)).flat(), [d, t2, t1, a, u2, u1]);
  });

  it('stays stable while rows are inserted before, between and after the pages: no original row repeats or goes missing', async () => {
    const { c, body, ops } = await makePractice();
    const originals: string[] = [];
    for (let h = 8; h < 16; h++) originals.push(await create(c, body({ start_time: `${String(h).padStart(2, '0')}:00`, end_time: `${String(h).padStart(2, '0')}:30` })));
    // After each of the first pages: one row before all the originals, one among them, one after all (chair 2, minute n*5).
    let n = 0;
    const insertAround = async (page: number) => {
      if (page > 2) return;
      const mm = String(++n * 5).padStart(2, '0');
      for (const h of ['07', '11', '17']) await create(c, body({ operatory_uuid: ops[1]!.id, start_time: `${h}:${mm}`, end_time: `${h}:${mm}:59` }));
    };
    const seen = (await walk(c, '', 3, insertAround)).flat();
    assert.deepEqual(seen.filter((id) => originals.includes(id)), originals);
    assert.equal(new Set(seen).size, seen.length, 'no row twice');
    // Pages end at 10:00 and 12:00: the rows inserted behind the cursor (07:05, 07:10 and 11:10) are not seen, those ahead are.
    assert.equal(seen.length, originals.length + 6 - 3);
    // By creation time the inserted rows are all newer: the originals come first, once each.
    const byCreation = (await walk(c, '&sort_by=created_at', 4, insertAround)).flat();
    assert.deepEqual(byCreation.slice(0, originals.length), originals);
    assert.equal(new Set(byCreation).size, byCreation.length);
  });

  it('sorts by status alphabetically and by updated_at descending', async () => {
    const { c, body, patient, loc } = await makePractice();
    const scheduled = await create(c, body());
    const planned = await create(c, { patient_uuid: patient.id, location_uuid: loc.id, status: 'planned' });
    const pinboard = await create(c, { patient_uuid: patient.id, location_uuid: loc.id, status: 'pinboard' });
    assert.deepEqual((await walk(c, '&sort_by=status', 1)).flat(), [pinboard, planned, scheduled]);
    assert.deepEqual((await walk(c, '&sort_by=updated_at&sort_dir=desc', 2)).flat(), [pinboard, planned, scheduled]);
  });

  it('filters by status, location, patient, operatory, provider and a UTC start range', async () => {
    const { c, body, ops, dentist, patient } = await makePractice();
    const other = (await c.post('/patients', { first_name: 'Bo', last_name: 'Jones' })).body;
    const withDentist = await create(c, body({ provider_uuid: dentist.id }));
    const op2 = await create(c, body({ operatory_uuid: ops[1]!.id, patient_uuid: other.id, start_time: '12:00', end_time: '13:00' }));
    const planned = await create(c, { patient_uuid: patient.id, location_uuid: body().location_uuid, status: 'planned' });
    const list = async (q: string) => (await walk(c, q, 50)).flat();
    assert.deepEqual(await list(`&provider_uuid=${dentist.id}`), [withDentist]);
    assert.deepEqual(await list(`&operatory_uuid=${ops[1]!.id}`), [op2]);
    assert.deepEqual(await list(`&patient_uuid=${patient.id}`), [withDentist, planned]);
    assert.deepEqual(await list(`&status=planned&location_uuid=${body().location_uuid}`), [planned]);
    // 10:00 EDT is 14:00Z; 12:00 EDT is 16:00Z. date_from inclusive, date_to exclusive.
    assert.deepEqual(await list('&date_from=2026-03-10T14:00:00Z&date_to=2026-03-10T16:00:00Z'), [withDentist]);
    assert.deepEqual(await list(`&date_from=${encodeURIComponent('2026-03-10T11:00:00-05:00')}`), [op2]);
  });

  it('returns 422 for a malformed cursor, a cursor made for another sort, and out-of-range parameters', async () => {
    const { c, body } = await makePractice();
    await create(c, body());
    await create(c, body({ start_time: '12:00', end_time: '13:00' }));
    const cursor = (await c.get('/appointments/cursor?first=1')).body.page_info.end_cursor;
    for (const q of ['after=not-a-cursor', 'after=eyJ4IjoxfQ', `after=${cursor}&sort_by=created_at`, `after=${cursor}&sort_dir=desc`]) {
      const res = await c.get(`/appointments/cursor?${q}`);
      assert.equal(res.status, 422, q);
      assert.deepEqual(firstIssue(res).loc, ['query', 'after'], q);
    }
    assert.equal((await c.get(`/appointments/cursor?after=${cursor}`)).status, 200);
    for (const q of ['first=0', 'first=201', 'sort_by=note', 'sort_dir=up', 'status=done', 'date_from=2026-03-10T10:00:00', 'date_to=2026-03-10']) {
      assert.equal((await c.get(`/appointments/cursor?${q}`)).status, 422, q);
    }
  });

  it('returns 404 for a filter naming a location, patient, operatory or provider that does not exist', async () => {
    const { c, loc } = await makePractice();
    for (const field of ['location_uuid', 'patient_uuid', 'operatory_uuid', 'provider_uuid']) {
      const res = await c.get(`/appointments/cursor?${field}=${MISSING}`);
      assert.equal(res.status, 404, field);
      assert.deepEqual(firstIssue(res).loc, ['query', field]);
    }
    const other = await makePractice();
    for (const q of [`operatory_uuid=${other.ops[0]!.id}`, `provider_uuid=${other.dentist.id}`, `patient_uuid=${other.patient.id}`]) {
      assert.equal((await c.get(`/appointments/cursor?${q}`)).status, 404, `another organisation's ${q}`);
    }
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const upOp = await makeOperatory(c.orgId, uptown.id, 'U1');
    const limited = c.as((await makeUserToken(c.orgId, 'viewer', [loc.id])).token);
    assert.equal((await limited.get(`/appointments/cursor?location_uuid=${uptown.id}`)).status, 404);
    assert.equal((await limited.get(`/appointments/cursor?operatory_uuid=${upOp.id}`)).status, 404);
  });

  it('a location-limited caller pages only through their locations\' appointments', async () => {
    const { c, body, loc, patient } = await makePractice();
    const uptown = await makeLocation(c.orgId, { name: 'Uptown' });
    const upOp = await makeOperatory(c.orgId, uptown.id, 'U1');
    const mine = await create(c, body());
    await create(c, { patient_uuid: patient.id, location_uuid: uptown.id, operatory_uuid: upOp.id, schedule_date: '2026-03-10', start_time: '09:00', end_time: '10:00' });
    const limited = c.as((await makeUserToken(c.orgId, 'viewer', [loc.id])).token);
    assert.deepEqual((await walk(limited, '', 1)).flat(), [mine]);
  });
});
