// The API shape of an appointment (schemas/appointments.ts, `Appointment`) written by PostgreSQL as JSON text, so
// a page of them is passed through without building an object per row in the process. It is text concatenation,
// not json_build_object, which looks up the output function of every argument on every row (100 rows: 4.9 ms with it
// against 4.1 ms, as the client sees them), nor format() or array_to_string (both measured slower than ||). Strings
// a person typed go through to_json (escaping); ids, numbers, booleans, dates, times and the values CHECK
// constraints hold to a fixed list (status, role, cancelled_by) are written as PostgreSQL prints them, which is
// already their JSON. Keys come in the schema's order, and
// the text is byte for byte what serialising `toAppointmentJson` of the same row gives (test/appointments/
// appointment-json.test.ts proves it on random appointments).
//
// Instants shown in the location's zone are NOT formatted here: only one side knows zone rules, and PostgreSQL's
// time zone database may differ from the one the process formats every other answer with. They are written as a
// marker — `"\u0001` + epoch milliseconds + `"` — that `pushWithLocalInstants` (schemas/appointments.ts) replaces
// with `formatEpochMs`. A raw U+0001 cannot occur anywhere else in the text: to_json escapes control characters, and
// nothing else written here is free text. created_at and updated_at are UTC, which has no rules to disagree on.

/** A string, escaped; JSON null for NULL. */
const str = (x: string) => `coalesce(to_json(${x})::text, 'null')`;
/** Text that needs no escaping (ids, dates, times, decimals), quoted; JSON null for NULL. */
const plain = (x: string) => `coalesce('"' || ${x} || '"', 'null')`;
/** An instant to show in the location's zone: the marker, or null. */
const local = (x: string) => `coalesce('"' || chr(1) || floor(extract(epoch FROM ${x}) * 1000)::bigint || '"', 'null')`;
/** An instant in UTC as Date#toISOString writes it (milliseconds, truncated as the row parser does). */
const utc = (x: string) => `'"' || to_char(${x} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`;
/** {id, name} for a non-null id, else null. */
const ref = (id: string, name: string) => `coalesce('{"id":"' || ${id} || '","name":' || ${str(name)} || '}', 'null')`;
/**
 * `parts` (SQL text expressions) concatenated as a balanced tree: a left-to-right chain of a hundred `||` copies the
 * growing text at every step (about 4 % of the statement, measured).
 */
const concat = (parts: string[]): string => {
  if (parts.length === 1) return parts[0]!;
  const half = Math.ceil(parts.length / 2);
  return `(${concat(parts.slice(0, half))} || ${concat(parts.slice(half))})`;
};
/** A JSON object of `fields` in order (each value an SQL expression giving JSON text). */
const object = (fields: [string, string][]) =>
  concat([`'{'`, ...fields.map(([k, v], i) => `'${i ? ',' : ''}"${k}":' || ${v}`), `'}'`]);

/**
 * The JSON text of appointment `a` in its API shape, over `appointments a` and `APPOINTMENT_JSON_JOINS`: `l` is its location
 * (the zone of its local instants), `pt` its patient, `t` its type, `o` its chair, `cs`, `br`, `cr` its confirmation status,
 * broken and cancel reasons, `fs` its flow status, `pv` its providers.
 */
export const APPOINTMENT_JSON = object([
  ['id', `'"' || a.id || '"'`],
  ['status', `'"' || a.status || '"'`],
  ['patient', `'{"id":"' || a.patient_id || '","name":' || ${str(`pt.first_name || ' ' || pt.last_name`)} || '}'`],
  ['location', `'{"id":"' || a.location_id || '","name":' || ${str('l.name')} || '}'`],
  ['location_timezone', str('l.timezone')],
  ['operatory', ref('a.operatory_id', 'o.name')],
  ['appointment_type', ref('a.appointment_type_id', 't.name')],
  ['provider', `coalesce(pv.first, 'null')`],
  ['providers', `'[' || coalesce(pv.list, '') || ']'`],
  ['schedule_date', plain('a.schedule_date')],
  ['start_time', local('a.start_at')],
  ['end_time', local('a.end_at')],
  ['datetime_ask_to_arrive', local('a.ask_to_arrive_at')],
  ['note', str('a.note')],
  ['priority', 'a.priority::text'],
  ['is_new_patient', 'a.is_new_patient::text'],
  ['is_time_locked', 'a.is_time_locked::text'],
  ['item_order', 'a.item_order::text'],
  ['color_override', str('a.color_override')],
  ['confirmation_status', ref('a.confirmation_status_id', 'cs.name')],
  ['confirmation_status_label', str('cs.name')],
  ['broken_reason', ref('a.broken_reason_id', 'br.name')],
  ['cancel_reason', ref('a.cancel_reason_id', 'cr.name')],
  ['cancelled_by', plain('a.cancelled_by')],
  ['flow_status', ref('a.flow_status_id', 'fs.name')],
  ['recall', `coalesce('{"id":"' || a.recall_id || '","name":null}', 'null')`],
  ['tags', `'[' || coalesce((SELECT string_agg(${object([['id', `'"' || d.id || '"'`], ['name', str('d.name')], ['color', str('d.color')]])},
       ',' ORDER BY d.item_order, d.name)
       FROM appointment_tags tg JOIN definitions d ON d.org_id = tg.org_id AND d.id = tg.definition_id
      WHERE tg.org_id = a.org_id AND tg.appointment_id = a.id), '') || ']'`],
  ['production_amount', `'"' || coalesce(a.production_override, (SELECT coalesce(sum(pc.fee), 0)::numeric(12, 2)
       FROM appointment_procedures pc WHERE pc.org_id = a.org_id AND pc.appointment_id = a.id)) || '"'`],
  ['estimated_insurance', plain('a.estimated_insurance')],
  ['estimated_patient_portion', plain('a.estimated_patient_portion')],
  ['slot_uuid', plain('a.slot_id')],
  ['version', 'a.version::text'],
  ['created_at', utc('a.created_at')],
  ['updated_at', utc('a.updated_at')],
]);

// The small reference tables (types, statuses, reasons, chairs) are joined; the patient is a per-row index probe that
// OFFSET 0 keeps from being flattened, as in appointmentSelect (appointments.ts), so a page never hashes every patient
// of the organisation. The providers are read once, laterally, for the list and its first one (`provider`).
export const APPOINTMENT_JSON_JOINS = `
    JOIN locations l ON l.org_id = a.org_id AND l.id = a.location_id
    CROSS JOIN LATERAL (SELECT pt.first_name, pt.last_name FROM patients pt WHERE pt.org_id = a.org_id AND pt.id = a.patient_id OFFSET 0) pt
    LEFT JOIN appointment_types t ON t.org_id = a.org_id AND t.id = a.appointment_type_id
    LEFT JOIN definitions cs ON cs.org_id = a.org_id AND cs.id = a.confirmation_status_id
    LEFT JOIN definitions br ON br.org_id = a.org_id AND br.id = a.broken_reason_id
    LEFT JOIN definitions cr ON cr.org_id = a.org_id AND cr.id = a.cancel_reason_id
    LEFT JOIN operatories o ON o.org_id = a.org_id AND o.id = a.operatory_id
    LEFT JOIN patient_flow_statuses fs ON fs.org_id = a.org_id AND fs.id = a.flow_status_id
    CROSS JOIN LATERAL (
      SELECT string_agg(${object([
        ['id', `'"' || ap.provider_id || '"'`], ['name', 'ap.name'], ['role', `'"' || ap.role || '"'`],
        ['start_time', plain('ap.start_time')], ['end_time', plain('ap.end_time')],
        ['start_at', local('ap.start_at')], ['end_at', local('ap.end_at')],
      ])}, ',' ORDER BY ap.item_order) AS list,
             (array_agg('{"id":"' || ap.provider_id || '","name":' || ap.name || '}' ORDER BY ap.item_order))[1] AS first
        FROM (SELECT ap.provider_id, ap.role, ap.start_time, ap.end_time, ap.start_at, ap.end_at, ap.item_order,
                     ${str(`(SELECT pr.first_name || ' ' || pr.last_name FROM providers pr WHERE pr.org_id = ap.org_id AND pr.id = ap.provider_id)`)} AS name
                FROM appointment_providers ap
               WHERE ap.org_id = a.org_id AND ap.appointment_id = a.id OFFSET 0) ap) pv`;

/** An appointment as JSON text whose local instants are still markers (see above), with what fills them. */
export interface AppointmentJsonRow {
  id: string;
  patient_id: string;
  timezone: string;
  json: string;
}

/**
 * Appointment $2 of organisation $1 as its location's zone, a space, and its JSON text (no zone name has a space), NULL
 * when there is none: an SQL expression for a listener part, so the changed appointment is read back in the statement
 * its listeners share. Text, not a text[]: an array would escape every quote of the JSON, and the client unescape it.
 */
export const APPOINTMENT_JSON_OF_CHANGE = `(SELECT l.timezone || ' ' || ${APPOINTMENT_JSON}
    FROM appointments a ${APPOINTMENT_JSON_JOINS}
   WHERE a.org_id = $1 AND a.id = $2)`;
