import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { PatientRow } from '../db/patients.ts';
import { BaseVersion, Body, DateStr, MoneyIn, MoneyOut, Name, Nullable, PageOf, PageQuery, ShortText, Stamps, Uuid } from '../../core/http/schemas.ts';

const BirthDate = Type.String({
  format: 'date', examples: ['1984-07-21'],
  description: 'YYYY-MM-DD; not after today (UTC) and not before 1900-01-01, otherwise 422.',
});
const ChartNumber = Type.String({
  minLength: 1, maxLength: 50, pattern: '^\\S(.*\\S)?$', examples: ['A1024'],
  description: 'The practice\'s chart number, unique within the organisation (409 already_exists otherwise). No leading or trailing spaces.',
});
const Email = Type.String({ format: 'email', maxLength: 254 });
const BalanceDueIn = Type.Number({ ...MoneyIn, description: 'Amount the patient owes; negative for a credit. Default 0.' });

export const PatientSchema = Type.Object({
  id: Uuid,
  name: Type.String({ description: '"First Last": the name lightweight references show.' }),
  first_name: Type.String(),
  last_name: Type.String(),
  preferred_name: Nullable(Type.String()),
  birth_date: Nullable(DateStr),
  chart_number: Nullable(Type.String()),
  mobile_phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  balance_due: Type.String({ ...MoneyOut, description: 'Decimal text; negative for a credit.' }),
  is_active: Type.Boolean(),
  ...Stamps,
}, { $id: 'Patient' });
export type Patient = Static<typeof PatientSchema>;

export const CreatePatientBody = Body({
  first_name: Name,
  last_name: Name,
  preferred_name: Type.Optional(Nullable(ShortText)),
  birth_date: Type.Optional(Nullable(BirthDate)),
  chart_number: Type.Optional(Nullable(ChartNumber)),
  mobile_phone: Type.Optional(Nullable(ShortText)),
  email: Type.Optional(Nullable(Email)),
  balance_due: Type.Optional(BalanceDueIn),
  is_active: Type.Optional(Type.Boolean({ default: true })),
});

export const UpdatePatientBody = Body({
  base_version: BaseVersion,
  first_name: Type.Optional(Name),
  last_name: Type.Optional(Name),
  preferred_name: Type.Optional(Nullable(ShortText)),
  birth_date: Type.Optional(Nullable(BirthDate)),
  chart_number: Type.Optional(Nullable(ChartNumber)),
  mobile_phone: Type.Optional(Nullable(ShortText)),
  email: Type.Optional(Nullable(Email)),
  balance_due: Type.Optional(BalanceDueIn),
  is_active: Type.Optional(Type.Boolean()),
});

export const PatientQuery = Type.Object({
  ...PageQuery,
  is_active: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({
    maxLength: 200,
    description: 'Case-insensitive search: every word must occur in the first, last or preferred name ("Ann Smi" finds Ann Smith), or the whole text must be a prefix of the chart number.',
  })),
});

export const PatientPage = PageOf(Type.Ref(PatientSchema));
export const PatientParams = Type.Object({ org_id: Type.String(), patient_uuid: Uuid });

/** API shape of a patient row; `name` is "First Last". */
export function toPatientJson(r: PatientRow): Patient {
  return {
    id: r.id, name: `${r.first_name} ${r.last_name}`, first_name: r.first_name, last_name: r.last_name,
    preferred_name: r.preferred_name, birth_date: r.birth_date, chart_number: r.chart_number,
    mobile_phone: r.mobile_phone, email: r.email, balance_due: r.balance_due, is_active: r.is_active,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}

/** Record schemas of patients referenced by `$ref`; registered once in app.ts. */
export const patientsSchemas: TSchema[] = [PatientSchema];
