import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { getProcedureCode, listProcedureCodes } from '../db/procedure-codes.ts';
import { createProcedureCode, removeProcedureCode, updateProcedureCode } from '../commands/procedure-codes.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  CreateProcedureCodeBody, ProcedureCodePage, ProcedureCodeParams, ProcedureCodeQuery, ProcedureCodeSchema,
  UpdateProcedureCodeBody, toProcedureCodeJson,
} from '../schemas/procedure-codes.ts';

const tags = ['Procedure codes'];
const ProcedureCode = Type.Ref(ProcedureCodeSchema);

/** Procedure codes (CDT and practice-defined): organisation-wide, the code unique per organisation. */
export function procedureCodesRoutes(app: Api, { db }: Deps): void {
  app.get('/procedure-codes', {
    schema: {
      tags, summary: 'List procedure codes',
      description: 'Procedure codes of the organisation ordered by code. `q` matches a prefix of the code or a substring of '
        + 'the description, case-insensitively (`q=d01` finds D0120 and D0140).',
      querystring: ProcedureCodeQuery, response: responses({ 200: ProcedureCodePage }),
    },
  }, async (req) => {
    const { page, page_size, q } = req.query;
    const { rows, total } = await listProcedureCodes(db, req.auth.orgId, { q }, { page, pageSize: page_size });
    return { items: rows.map(toProcedureCodeJson), page, page_size, total };
  });

  app.get('/procedure-codes/:procedure_code_uuid', {
    schema: { tags, summary: 'Get procedure code', params: ProcedureCodeParams, response: responses({ 200: ProcedureCode }, [404]) },
  }, async (req) => {
    const row = await getProcedureCode(db, req.auth.orgId, req.params.procedure_code_uuid);
    if (!row) throw notFound('Procedure code', ['path', 'procedure_code_uuid']);
    return toProcedureCodeJson(row);
  });

  app.post('/procedure-codes', {
    schema: {
      tags, summary: 'Create procedure code',
      description: '`code` is trimmed and upper-cased (` d0120` is stored as `D0120`); a code the organisation already has → '
        + '409 `already_exists` at `["body", "code"]`. Defaults: `default_fee` 0, `default_minutes` null. '
        + '`default_fee` is a JSON number in requests and a decimal string (`"125.00"`) in responses.',
      body: CreateProcedureCodeBody, response: responses({ 201: ProcedureCode }, [403, 409]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createProcedureCode(db, req.auth.orgId, {
      code: b.code, description: b.description, default_fee: b.default_fee ?? 0, default_minutes: b.default_minutes ?? null,
    });
    return reply.code(201).send(toProcedureCodeJson(row));
  });

  app.patch('/procedure-codes/:procedure_code_uuid', {
    schema: {
      tags, summary: 'Update procedure code',
      description: 'Fields left out keep their value; `default_minutes` accepts null to clear; `base_version` must be current '
        + '(409 `version_conflict`). A new `code` is normalised like on create and must not belong to another record '
        + '(409 `already_exists`). Appointment types name their codes by id internally, so renaming a code carries over.',
      params: ProcedureCodeParams, body: UpdateProcedureCodeBody, response: responses({ 200: ProcedureCode }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    const row = await updateProcedureCode(db, req.auth.orgId, req.params.procedure_code_uuid, base_version, changes);
    return toProcedureCodeJson(row);
  });

  app.delete('/procedure-codes/:procedure_code_uuid', {
    schema: {
      tags, summary: 'Delete procedure code',
      description: 'Deletes the procedure code for good (procedure codes have no archived state). A code still referenced — '
        + 'e.g. by an appointment type\'s `required_procedure_codes` or `procedure_codes_to_add` — is refused with 409 `in_use` '
        + 'and nothing changes; remove it from those records first.',
      params: ProcedureCodeParams, response: responses({ 204: NoContent }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    await removeProcedureCode(db, req.auth.orgId, req.params.procedure_code_uuid);
    return reply.code(204).send();
  });
}
