-- Patient scheduling preferences: at most one per patient, entered by a person or learned from the
-- patient's appointment history (learned_from_history). Days are weekdays 0 = Monday … 6 = Sunday;
-- times are wall-clock times at whichever location the patient is booked.

CREATE TABLE patient_scheduling_preferences (
  org_id                   uuid NOT NULL,
  id                       uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id               uuid NOT NULL,
  preferred_days           integer[] CHECK (preferred_days <@ ARRAY[0, 1, 2, 3, 4, 5, 6]),
  preferred_time_start     time,
  preferred_time_end       time,
  preferred_provider_id    uuid,
  preferred_operatory_id   uuid,
  preferred_contact_method text CHECK (length(preferred_contact_method) <= 100),
  notes                    text NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
  learned_from_history     boolean NOT NULL DEFAULT false,
  version                  integer NOT NULL DEFAULT 1,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  CONSTRAINT patient_scheduling_preferences_patient_key UNIQUE (org_id, patient_id),
  -- The preference is part of the patient: it goes when a patient is really deleted (never archived for it).
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id) ON DELETE CASCADE,
  -- A provider or chair named here is still referenced: deleting it archives it instead (deleteOrArchive).
  FOREIGN KEY (org_id, preferred_provider_id) REFERENCES providers (org_id, id),
  FOREIGN KEY (org_id, preferred_operatory_id) REFERENCES operatories (org_id, id),
  CHECK (preferred_time_start IS NULL OR preferred_time_end IS NULL OR preferred_time_start < preferred_time_end)
);
-- The list is ordered by creation.
CREATE INDEX patient_scheduling_preferences_created_idx ON patient_scheduling_preferences (org_id, created_at, id);
-- Deleting a provider or chair checks for preferences naming it.
CREATE INDEX patient_scheduling_preferences_provider_idx ON patient_scheduling_preferences (org_id, preferred_provider_id)
  WHERE preferred_provider_id IS NOT NULL;
CREATE INDEX patient_scheduling_preferences_operatory_idx ON patient_scheduling_preferences (org_id, preferred_operatory_id)
  WHERE preferred_operatory_id IS NOT NULL;
CREATE TRIGGER patient_scheduling_preferences_updated_at BEFORE UPDATE ON patient_scheduling_preferences
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
