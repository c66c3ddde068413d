import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { getPatient, listPatients } from '../db/patients.ts';
import { createPatient, removePatient, updatePatient } from '../commands/patients.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  CreatePatientBody, PatientPage, PatientParams, PatientQuery, PatientSchema, UpdatePatientBody, toPatientJson,
} from '../schemas/patients.ts';

const tags = ['Patients'];
const Patient = Type.Ref(PatientSchema);

/** Patients: organisation-wide (not limited by location), referenced by appointments, recalls and the waitlist. */
export function patientsRoutes(app: Api, { db, clock }: Deps): void {
  app.get('/patients', {
    schema: {
      tags, summary: 'List patients',
      description: 'Patients of the organisation (every user sees all of them, location limits do not apply), ordered by last name, then first name (case-insensitive), then id. `q` searches names and chart numbers; `is_active` filters.',
      querystring: PatientQuery, response: responses({ 200: PatientPage }),
    },
  }, async (req) => {
    const { page, page_size, is_active, q } = req.query;
    const { rows, total } = await listPatients(db, req.auth.orgId, { isActive: is_active, q }, { page, pageSize: page_size });
    return { items: rows.map(toPatientJson), page, page_size, total };
  });

  app.get('/patients/:patient_uuid', {
    schema: { tags, summary: 'Get patient', params: PatientParams, response: responses({ 200: Patient }, [404]) },
  }, async (req) => {
    const row = await getPatient(db, req.auth.orgId, req.params.patient_uuid);
    if (!row) throw notFound('Patient', ['path', 'patient_uuid']);
    return toPatientJson(row);
  });

  app.post('/patients', {
    schema: {
      tags, summary: 'Create patient',
      description: 'Only `first_name` and `last_name` are required; `balance_due` defaults to 0 and `is_active` to true. A `birth_date` after today (UTC) or before 1900-01-01 → 422. A `chart_number` already used in the organisation → 409 `already_exists`.',
      body: CreatePatientBody, response: responses({ 201: Patient }, [403, 409]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createPatient(db, req.auth.orgId, {
      first_name: b.first_name, last_name: b.last_name, preferred_name: b.preferred_name ?? null,
      birth_date: b.birth_date ?? null, chart_number: b.chart_number ?? null, mobile_phone: b.mobile_phone ?? null,
      email: b.email ?? null, balance_due: b.balance_due ?? 0, is_active: b.is_active ?? true,
    }, clock());
    return reply.code(201).send(toPatientJson(row));
  });

  app.patch('/patients/:patient_uuid', {
    schema: {
      tags, summary: 'Update patient',
      description: 'Fields left out keep their value; nullable fields take null to clear. `base_version` must be current (409 `version_conflict` otherwise). The same birth-date (422) and chart-number (409 `already_exists`) rules as on create.',
      params: PatientParams, body: UpdatePatientBody, response: responses({ 200: Patient }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, ...changes } = req.body;
    const row = await updatePatient(db, req.auth.orgId, req.params.patient_uuid, base_version, changes, clock());
    return toPatientJson(row);
  });

  app.delete('/patients/:patient_uuid', {
    schema: {
      tags, summary: 'Delete patient',
      description: 'Deletes a patient no other record references. A patient still referenced (appointments, recalls, waitlist entries …) is archived instead: `is_active` becomes false and the record stays readable. 204 either way.',
      params: PatientParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await removePatient(db, req.auth.orgId, req.params.patient_uuid);
    return reply.code(204).send();
  });
}
