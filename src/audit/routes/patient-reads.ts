import type { Api, Deps } from '../../core/http/deps.ts';
import { responses } from '../../core/http/schemas.ts';
import { listPatientReads } from '../db/patient-reads.ts';
import { PatientReadPage, PatientReadQuery, toPatientReadJson } from '../schemas/patient-reads.ts';

/** The audit log of patient data reads, for admins. */
export function patientReadsRoutes(app: Api, { db }: Deps): void {
  app.get('/audit/patient-reads', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['Audit'], summary: 'List reads of patient data',
      description: 'Who read which patients\' data, and when (HIPAA audit controls): every successful answer that named a patient '
        + '(patients, appointments and their lists, calendar days and weeks, patient recalls and the due list, ASAP entries and '
        + 'quick-fill, patient preferences) was recorded before it was sent — the user, the token, '
        + 'the route, the record the path named and every patient in the answer. A calendar feed created with patient names is '
        + 'recorded too when a fetch of it (`GET /feeds/{token}.ics`, 200) names patients: `user` is the feed\'s creator, '
        + '`token_uuid` and `record_uuid` are the feed\'s id, `record_kind` is `calendar_feed`, `route` is `/feeds/{token}.ics`. '
        + 'Answers that named nobody (an empty list, a 404) '
        + 'are not recorded. The log is append-only: the database refuses to change or delete its rows. Newest first; '
        + '`patient_uuid` keeps the reads that named that patient, `user_uuid` those by that user. Admins only (others → 403).',
      querystring: PatientReadQuery, response: responses({ 200: PatientReadPage }, [403]),
    },
  }, async (req) => {
    const { page, page_size, patient_uuid, user_uuid } = req.query;
    const { rows, total } = await listPatientReads(db, req.auth.orgId, { patientId: patient_uuid, userId: user_uuid }, { page, pageSize: page_size });
    return { items: rows.map(toPatientReadJson), page, page_size, total };
  });
}
