-- Recalls: the practice's recurring demand (the six-month cleaning). A recall type says how often
-- (default_interval, a duration object such as {"months": 6}) and which appointment type books it;
-- triggers name the procedure codes whose performance starts or advances a recall of the type; a
-- patient recall is one patient's place in that cycle. Status (due, overdue, scheduled, completed) is
-- never stored: it is derived when read from the dates, the type and the patient's appointments.

CREATE TABLE recall_types (
  org_id              uuid NOT NULL REFERENCES organizations (id),
  id                  uuid NOT NULL DEFAULT gen_random_uuid(),
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description         text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  default_interval    jsonb NOT NULL CHECK (jsonb_typeof(default_interval) = 'object'),
  appointment_type_id uuid,
  is_active           boolean NOT NULL DEFAULT true,
  item_order          integer NOT NULL DEFAULT 0,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, appointment_type_id) REFERENCES appointment_types (org_id, id)
);
-- The list is ordered by item_order, then name, then id.
CREATE INDEX recall_types_order_idx ON recall_types (org_id, item_order, name, id);
-- Booking an appointment looks up the recall types its appointment type books.
CREATE INDEX recall_types_appointment_type_idx ON recall_types (org_id, appointment_type_id)
  WHERE appointment_type_id IS NOT NULL;
CREATE TRIGGER recall_types_updated_at BEFORE UPDATE ON recall_types
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Triggers are part of their type (they go when the type is really deleted); a procedure code named
-- by a trigger is still referenced, so deleting the code is refused (409 in_use).
CREATE TABLE recall_triggers (
  org_id            uuid NOT NULL REFERENCES organizations (id),
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  recall_type_id    uuid NOT NULL,
  procedure_code_id uuid NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  CONSTRAINT recall_triggers_type_code_key UNIQUE (org_id, recall_type_id, procedure_code_id),
  FOREIGN KEY (org_id, recall_type_id) REFERENCES recall_types (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, procedure_code_id) REFERENCES procedure_codes (org_id, id)
);
-- Completing an appointment looks up the triggers of its performed procedure codes.
CREATE INDEX recall_triggers_code_idx ON recall_triggers (org_id, procedure_code_id);

-- At most one recall per patient and type. `interval` null means the type's default_interval.
CREATE TABLE patient_recalls (
  org_id         uuid NOT NULL REFERENCES organizations (id),
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id     uuid NOT NULL,
  recall_type_id uuid NOT NULL,
  interval       jsonb CHECK (jsonb_typeof(interval) = 'object'),
  date_previous  date,
  date_due       date,
  is_disabled    boolean NOT NULL DEFAULT false,
  note           text NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  CONSTRAINT patient_recalls_patient_type_key UNIQUE (org_id, patient_id, recall_type_id),
  -- A patient or recall type with recalls is archived instead of deleted (deleteOrArchive, recall type delete).
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, recall_type_id) REFERENCES recall_types (org_id, id)
);
-- The due list and the list are ordered by date_due.
CREATE INDEX patient_recalls_due_idx ON patient_recalls (org_id, date_due, id);
CREATE INDEX patient_recalls_type_idx ON patient_recalls (org_id, recall_type_id);
CREATE TRIGGER patient_recalls_updated_at BEFORE UPDATE ON patient_recalls
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The appointment a recall was booked with: set by the recalls area when an appointment of the recall
-- type's appointment type is booked for the patient. A recall is never deleted while it is named here
-- except with its patient, so the link simply clears then.
ALTER TABLE appointments ADD CONSTRAINT appointments_recall_fkey
  FOREIGN KEY (org_id, recall_id) REFERENCES patient_recalls (org_id, id) ON DELETE SET NULL (recall_id);
CREATE INDEX appointments_recall_idx ON appointments (org_id, recall_id) WHERE recall_id IS NOT NULL;
