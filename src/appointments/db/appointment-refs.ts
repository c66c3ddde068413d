// The references of a new appointment, read in one statement: a create names up to five of them, and
// reading each on its own cost a round trip apiece on the booking path. The same statement takes the
// slot's advisory locks, which need only ids the request names.
import type { Db } from '../../core/db/client.ts';
import { one } from '../../core/db/client.ts';
import type { LocationScope } from '../../core/scope.ts';
import { PLAN_CONFLICT_READ_GENERICALLY } from './appointment-conflicts.ts';

/** What a create needs to know about the ids it was given; every part is null/false/empty when not found. */
export interface AppointmentRefs {
  /** The location, when it exists and is visible in the scope. */
  location_id: string | null;
  timezone: string | null;
  patient_found: boolean;
  /** The operatory's own location, when the operatory exists and is visible in the scope. */
  operatory_location_id: string | null;
  /** Those of the given providers that exist. */
  provider_ids: string[];
  /** The given confirmation status, when it exists and is one (category ApptConfirmed). */
  confirmation_id: string | null;
  /** The organisation's default confirmation status: the first visible ApptConfirmed definition. */
  default_confirmation_id: string | null;
}

export interface AppointmentRefIds {
  locationId: string;
  patientId: string;
  operatoryId: string | null;
  providerIds: string[];
  confirmationId: string | null;
  /** Advisory-lock keys to take first, in this order (lock_in_order); empty for none. */
  lockKeys: string[];
}

const READ_REFS = {
  name: 'appointment-refs',
  text: `
    SELECT l.id AS location_id, l.timezone,
           EXISTS (SELECT 1 FROM patients p WHERE p.org_id = $1 AND p.id = $4) AS patient_found,
           (SELECT o.location_id FROM operatories o
             WHERE o.org_id = $1 AND o.id = $5 AND ($3::uuid[] IS NULL OR o.location_id = ANY($3))) AS operatory_location_id,
           array(SELECT pr.id FROM providers pr WHERE pr.org_id = $1 AND pr.id = ANY($6::uuid[])) AS provider_ids,
           (SELECT d.id FROM definitions d WHERE d.org_id = $1 AND d.id = $7 AND d.category = 'ApptConfirmed') AS confirmation_id,
           (SELECT d.id FROM definitions d WHERE d.org_id = $1 AND d.category = 'ApptConfirmed' AND NOT d.is_hidden
             ORDER BY d.item_order, d.name LIMIT 1) AS default_confirmation_id
      FROM (SELECT lock_in_order($8::text[]),
                   -- Only when it locks: a create that takes no chair reads no conflicts to set the mode back.
                   CASE WHEN cardinality($8::text[]) > 0 THEN ${PLAN_CONFLICT_READ_GENERICALLY} END AS generic_plans) AS locked
      LEFT JOIN locations l ON l.org_id = $1 AND l.id = $2 AND ($3::uuid[] IS NULL OR l.id = ANY($3))`,
};

/**
 * Takes the advisory locks `ids.lockKeys` in order, then reads every reference of a new appointment, in
 * one named statement. The reads see the statement's snapshot, taken before the locks: fine for
 * references, never for the conflict read, which must come in a later statement.
 */
export async function readAppointmentRefs(db: Db, orgId: string, scope: LocationScope, ids: AppointmentRefIds): Promise<AppointmentRefs> {
  return (await one<AppointmentRefs>(db, READ_REFS,
    [orgId, ids.locationId, scope, ids.patientId, ids.operatoryId, ids.providerIds, ids.confirmationId, ids.lockKeys]))!;
}
