import type { Db } from '../../core/db/client.ts';
import { many, one, runAll } from '../../core/db/client.ts';
import { Filter, selectPage, type PageRequest } from '../../core/db/paging.ts';

export interface AppointmentTypeRow {
  org_id: string;
  id: string;
  name: string;
  abbrev: string | null;
  color: string | null;
  duration_minutes: number;
  time_pattern: string | null;
  blockout_only: boolean;
  is_hidden: boolean;
  item_order: number;
  require_all: boolean;
  status: 'active' | 'archived';
  deleted_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The rows an appointment type links to: its locations (by name) and its two code lists (client order). */
export interface AppointmentTypeLinks {
  locations: { id: string; name: string }[];
  required_procedure_codes: string[];
  procedure_codes_to_add: string[];
}

export type AppointmentTypeWithLinks = AppointmentTypeRow & AppointmentTypeLinks;

export type ProcedureCodeKind = 'required' | 'add';

export interface AppointmentTypeFilter {
  /** 'all' (or undefined) applies no status condition. */
  status?: 'active' | 'archived' | 'all';
  search?: string;
}

/**
 * Lists one page of appointment types by item_order, name (case-insensitive), id, with their links
 * loaded in two queries for the whole page. `search` is a literal case-insensitive substring of name or abbrev.
 */
export async function listAppointmentTypes(db: Db, orgId: string, f: AppointmentTypeFilter, page: PageRequest) {
  const where = new Filter(orgId)
    .add('status = $?', f.status === 'all' ? undefined : f.status)
    .add('(strpos(lower(name), lower($?)) > 0 OR strpos(lower(abbrev), lower($?)) > 0)', f.search);
  const { rows, total } = await selectPage<AppointmentTypeRow>(db, '*', 'appointment_types', where, 'item_order, lower(name), id', page);
  const links = await loadAppointmentTypeLinks(db, orgId, rows.map((r) => r.id));
  return { rows: rows.map((r) => ({ ...r, ...links.get(r.id)! })), total };
}

/** One appointment type with its links (three queries), or undefined. Appointment types are org-wide: no location scope. */
export async function getAppointmentType(db: Db, orgId: string, id: string): Promise<AppointmentTypeWithLinks | undefined> {
  const row = await one<AppointmentTypeRow>(db, 'SELECT * FROM appointment_types WHERE org_id = $1 AND id = $2', [orgId, id]);
  if (!row) return undefined;
  return { ...row, ...(await loadAppointmentTypeLinks(db, orgId, [id])).get(id)! };
}

/** The bare row, locked FOR UPDATE until the transaction ends; `db` must be a transaction's client. */
export function lockAppointmentType(db: Db, orgId: string, id: string): Promise<AppointmentTypeRow | undefined> {
  return one<AppointmentTypeRow>(db, 'SELECT * FROM appointment_types WHERE org_id = $1 AND id = $2 FOR UPDATE', [orgId, id]);
}

/** Locations and code lists of the types `ids`, in two queries; every id gets an entry (empty lists when none). */
export async function loadAppointmentTypeLinks(db: Db, orgId: string, ids: string[]): Promise<Map<string, AppointmentTypeLinks>> {
  const out = new Map<string, AppointmentTypeLinks>(
    ids.map((id) => [id, { locations: [], required_procedure_codes: [], procedure_codes_to_add: [] }]),
  );
  if (ids.length === 0) return out;
  const [locations, codes] = await runAll(db,
    () => many<{ type_id: string; id: string; name: string }>(db, `
      SELECT atl.appointment_type_id AS type_id, l.id, l.name
        FROM appointment_type_locations atl
        JOIN locations l ON l.org_id = atl.org_id AND l.id = atl.location_id
       WHERE atl.org_id = $1 AND atl.appointment_type_id = ANY($2::uuid[])
       ORDER BY lower(l.name), l.id`, [orgId, ids]),
    () => many<{ type_id: string; kind: ProcedureCodeKind; code: string }>(db, `
      SELECT atpc.appointment_type_id AS type_id, atpc.kind, pc.code
        FROM appointment_type_procedure_codes atpc
        JOIN procedure_codes pc ON pc.org_id = atpc.org_id AND pc.id = atpc.procedure_code_id
       WHERE atpc.org_id = $1 AND atpc.appointment_type_id = ANY($2::uuid[])
       ORDER BY atpc.position`, [orgId, ids]),
  );
  for (const l of locations) out.get(l.type_id)!.locations.push({ id: l.id, name: l.name });
  for (const c of codes) {
    const links = out.get(c.type_id)!;
    (c.kind === 'required' ? links.required_procedure_codes : links.procedure_codes_to_add).push(c.code);
  }
  return out;
}

/** The columns a new type is written with (status, version and timestamps take their defaults). */
export type NewAppointmentType = Pick<AppointmentTypeRow,
  'name' | 'abbrev' | 'color' | 'duration_minutes' | 'time_pattern' | 'blockout_only' | 'is_hidden' | 'item_order' | 'require_all'>;

/** Inserts an active appointment type (version 1) without links; the timing must already be resolved. */
export async function insertAppointmentType(db: Db, orgId: string, t: NewAppointmentType): Promise<AppointmentTypeRow> {
  return (await one<AppointmentTypeRow>(db, `
    INSERT INTO appointment_types
      (org_id, name, abbrev, color, duration_minutes, time_pattern, blockout_only, is_hidden, item_order, require_all)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
  [orgId, t.name, t.abbrev, t.color, t.duration_minutes, t.time_pattern, t.blockout_only, t.is_hidden, t.item_order, t.require_all]))!;
}

/**
 * Archives an active type: status 'archived', deleted_at now, version + 1. Returns undefined when
 * the type is missing or already archived (the caller tells the two apart).
 */
export function archiveAppointmentTypeRow(db: Db, orgId: string, id: string): Promise<AppointmentTypeRow | undefined> {
  return one<AppointmentTypeRow>(db, `
    UPDATE appointment_types SET status = 'archived', deleted_at = now(), version = version + 1
     WHERE org_id = $1 AND id = $2 AND status = 'active' RETURNING *`, [orgId, id]);
}

/** Replaces the type's location list; an empty list means "all locations". */
export async function replaceAppointmentTypeLocations(db: Db, orgId: string, typeId: string, locationIds: string[]): Promise<void> {
  await db.query('DELETE FROM appointment_type_locations WHERE org_id = $1 AND appointment_type_id = $2', [orgId, typeId]);
  if (locationIds.length === 0) return;
  await db.query(`
    INSERT INTO appointment_type_locations (org_id, appointment_type_id, location_id)
    SELECT $1, $2, unnest($3::uuid[])`, [orgId, typeId, locationIds]);
}

/** Replaces one of the type's code lists; `position` keeps the order of `codeIds`. */
export async function replaceAppointmentTypeCodes(
  db: Db, orgId: string, typeId: string, kind: ProcedureCodeKind, codeIds: string[],
): Promise<void> {
  await db.query('DELETE FROM appointment_type_procedure_codes WHERE org_id = $1 AND appointment_type_id = $2 AND kind = $3',
    [orgId, typeId, kind]);
  if (codeIds.length === 0) return;
  await db.query(`
    INSERT INTO appointment_type_procedure_codes (org_id, appointment_type_id, kind, position, procedure_code_id)
    SELECT $1, $2, $3, c.ord, c.id FROM unnest($4::uuid[]) WITH ORDINALITY AS c(id, ord)`, [orgId, typeId, kind, codeIds]);
}

/**
 * Resolves procedure code strings of the org case-insensitively, in one query: one entry per input,
 * in input order, null when unknown. An exact-case match wins over others that differ only in case.
 */
export async function findProcedureCodesByCode(db: Db, orgId: string, codes: string[]): Promise<({ id: string; code: string } | null)[]> {
  if (codes.length === 0) return [];
  const rows = await many<{ id: string | null; code: string | null }>(db, `
    SELECT pc.id, pc.code
      FROM unnest($2::text[]) WITH ORDINALITY AS i(code, ord)
      LEFT JOIN LATERAL (
        SELECT id, code FROM procedure_codes
         WHERE org_id = $1 AND lower(code) = lower(i.code)
         ORDER BY code = i.code DESC, code LIMIT 1
      ) pc ON true
     ORDER BY i.ord`, [orgId, codes]);
  return rows.map((r) => (r.id && r.code ? { id: r.id, code: r.code } : null));
}

/** The subset of `ids` (lower-case) that are appointment types of the organisation, archived ones included. */
export async function findAppointmentTypeIds(db: Db, orgId: string, ids: string[]): Promise<Set<string>> {
  const rows = await many<{ id: string }>(db,
    'SELECT id FROM appointment_types WHERE org_id = $1 AND id = ANY($2::uuid[])', [orgId, ids]);
  return new Set(rows.map((r) => r.id));
}
