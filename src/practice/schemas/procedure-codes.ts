import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { ProcedureCodeRow } from '../db/procedure-codes.ts';
import { BaseVersion, Body, MoneyOut, Nullable, PageOf, PageQuery, Stamps, Uuid } from '../../core/http/schemas.ts';

const Code = Type.String({
  pattern: '^\\s*[A-Za-z0-9]{1,10}\\s*$', maxLength: 40, examples: ['D0120'],
  description: '1–10 letters or digits (CDT codes look like D0120); trimmed and upper-cased before it is stored. Unique per organisation (409 already_exists).',
});
const Description = Type.String({ minLength: 1, maxLength: 1000 });
/** MoneyIn bounded below at 0. */
const fee = {
  minimum: 0, maximum: 9_999_999_999.99, multipleOf: 0.01,
  description: 'Default fee: a JSON number with at most two decimals, ≥ 0 (responses give a decimal string).',
};
const Minutes = Type.Integer({ minimum: 5, maximum: 720, multipleOf: 5, description: 'Default duration in minutes: 5–720, a multiple of 5' });

export const ProcedureCodeSchema = Type.Object({
  id: Uuid,
  code: Type.String({ examples: ['D0120'] }),
  description: Type.String(),
  default_fee: MoneyOut,
  default_minutes: Nullable(Type.Integer()),
  ...Stamps,
}, { $id: 'ProcedureCode' });
export type ProcedureCode = Static<typeof ProcedureCodeSchema>;

export const CreateProcedureCodeBody = Body({
  code: Code,
  description: Description,
  default_fee: Type.Optional(Type.Number({ ...fee, default: 0 })),
  default_minutes: Type.Optional(Nullable(Minutes)),
});

export const UpdateProcedureCodeBody = Body({
  base_version: BaseVersion,
  code: Type.Optional(Code),
  description: Type.Optional(Description),
  default_fee: Type.Optional(Type.Number(fee)),
  default_minutes: Type.Optional(Nullable(Minutes)),
});

export const ProcedureCodeQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Prefix of the code or substring of the description, case-insensitive' })),
});

export const ProcedureCodePage = PageOf(Type.Ref(ProcedureCodeSchema));
export const ProcedureCodeParams = Type.Object({ org_id: Type.String(), procedure_code_uuid: Uuid });

/** Record schemas of procedure codes referenced by `$ref`; registered once in app.ts. */
export const procedureCodesSchemas: TSchema[] = [ProcedureCodeSchema];

/** API shape of a procedure code row. */
export function toProcedureCodeJson(r: ProcedureCodeRow): ProcedureCode {
  return {
    id: r.id, code: r.code, description: r.description, default_fee: r.default_fee, default_minutes: r.default_minutes,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}
