-- Appointments with their providers, procedures, history and patient flow; production goals.

CREATE TABLE appointments (
  org_id                 uuid NOT NULL,
  id                     uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id             uuid NOT NULL,
  location_id            uuid NOT NULL,
  operatory_id           uuid,
  appointment_type_id    uuid,
  status                 text NOT NULL
    CHECK (status IN ('planned', 'scheduled', 'complete', 'broken', 'cancelled', 'unscheduled', 'pinboard')),
  -- Wall-clock date and times at the location, and the same range as instants.
  schedule_date          date,
  start_time             time,
  end_time               time,
  start_at               timestamptz,
  end_at                 timestamptz,
  ask_to_arrive_at       timestamptz,
  note                   text NOT NULL DEFAULT '',
  priority               integer NOT NULL DEFAULT 0,
  is_new_patient         boolean NOT NULL DEFAULT false,
  is_time_locked         boolean NOT NULL DEFAULT false,
  item_order             integer NOT NULL DEFAULT 0,
  color_override         text,
  confirmation_status_id uuid,
  broken_reason_id       uuid,
  cancel_reason_id       uuid,
  cancelled_by           text CHECK (cancelled_by IN ('patient', 'practice')),
  flow_status_id         uuid,
  recall_id              uuid,
  -- Set explicitly; null means the sum of the procedures' fees.
  production_override    numeric(12, 2) CHECK (production_override >= 0),
  estimated_insurance    numeric(12, 2),
  estimated_patient_portion numeric(12, 2),
  -- True when the booking was let overlap (allow_overlap or an appointment rule); such rows are
  -- outside the exclusion constraint below, which forbids any other chair overlap absolutely.
  overlap_permitted      boolean NOT NULL DEFAULT false,
  version                integer NOT NULL DEFAULT 1,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
  FOREIGN KEY (org_id, operatory_id) REFERENCES operatories (org_id, id),
  FOREIGN KEY (org_id, appointment_type_id) REFERENCES appointment_types (org_id, id),
  FOREIGN KEY (org_id, confirmation_status_id) REFERENCES definitions (org_id, id),
  FOREIGN KEY (org_id, broken_reason_id) REFERENCES definitions (org_id, id),
  FOREIGN KEY (org_id, cancel_reason_id) REFERENCES definitions (org_id, id),
  FOREIGN KEY (org_id, flow_status_id) REFERENCES patient_flow_statuses (org_id, id),
  CHECK ((start_at IS NULL) = (end_at IS NULL) AND (start_at IS NULL OR end_at > start_at)),
  CHECK ((schedule_date IS NULL) = (start_at IS NULL) AND (start_time IS NULL) = (start_at IS NULL)),
  -- A chair-occupying appointment has a date, times and a chair.
  CHECK (status NOT IN ('scheduled', 'complete') OR (start_at IS NOT NULL AND operatory_id IS NOT NULL)),
  EXCLUDE USING gist (org_id WITH =, operatory_id WITH =, tstzrange(start_at, end_at) WITH &&)
    WHERE (status IN ('scheduled', 'complete') AND NOT overlap_permitted)
);
CREATE INDEX appointments_day_idx ON appointments (org_id, location_id, start_at);
CREATE INDEX appointments_operatory_idx ON appointments USING gist (org_id, operatory_id, tstzrange(start_at, end_at))
  WHERE status IN ('scheduled', 'complete');
CREATE INDEX appointments_patient_idx ON appointments (org_id, patient_id, start_at);
CREATE INDEX appointments_created_idx ON appointments (org_id, created_at, id);
CREATE INDEX appointments_updated_idx ON appointments (org_id, updated_at, id);
CREATE INDEX appointments_start_idx ON appointments (org_id, start_at, id);
CREATE INDEX appointments_pinboard_idx ON appointments (org_id, location_id) WHERE status = 'pinboard';
CREATE TRIGGER appointments_updated_at BEFORE UPDATE ON appointments
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Providers of an appointment in display order; the first is the appointment's `provider`. Explicit
-- times narrow the provider's time on the appointment's date; null means the type's X segments.
CREATE TABLE appointment_providers (
  org_id         uuid NOT NULL,
  appointment_id uuid NOT NULL,
  provider_id    uuid NOT NULL,
  role           text NOT NULL DEFAULT 'primary' CHECK (role IN ('primary', 'secondary', 'hygienist', 'assistant')),
  item_order     integer NOT NULL,
  start_time     time,
  end_time       time,
  start_at       timestamptz,
  end_at         timestamptz,
  PRIMARY KEY (org_id, appointment_id, provider_id),
  UNIQUE (org_id, appointment_id, item_order),
  FOREIGN KEY (org_id, appointment_id) REFERENCES appointments (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, provider_id) REFERENCES providers (org_id, id),
  CHECK ((start_at IS NULL) = (end_at IS NULL) AND (start_at IS NULL OR end_at > start_at))
);
CREATE INDEX appointment_providers_provider_idx ON appointment_providers (org_id, provider_id);

CREATE TABLE appointment_procedures (
  org_id                 uuid NOT NULL,
  id                     uuid NOT NULL DEFAULT gen_random_uuid(),
  appointment_id         uuid NOT NULL,
  procedure_code_id      uuid NOT NULL,
  provider_id            uuid,
  charted_procedure_uuid uuid,
  fee                    numeric(12, 2) NOT NULL CHECK (fee >= 0),
  item_order             integer NOT NULL DEFAULT 0,
  status                 text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'complete')),
  -- Local date on which the procedure was performed (set when the appointment completes).
  performed_date         date,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, appointment_id) REFERENCES appointments (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, procedure_code_id) REFERENCES procedure_codes (org_id, id),
  FOREIGN KEY (org_id, provider_id) REFERENCES providers (org_id, id),
  CHECK ((status = 'complete') = (performed_date IS NOT NULL))
);
CREATE INDEX appointment_procedures_appointment_idx ON appointment_procedures (org_id, appointment_id, item_order);
CREATE INDEX appointment_procedures_performed_idx ON appointment_procedures (org_id, procedure_code_id, performed_date)
  WHERE status = 'complete';
CREATE TRIGGER appointment_procedures_updated_at BEFORE UPDATE ON appointment_procedures
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE appointment_tags (
  org_id         uuid NOT NULL,
  appointment_id uuid NOT NULL,
  definition_id  uuid NOT NULL,
  PRIMARY KEY (org_id, appointment_id, definition_id),
  FOREIGN KEY (org_id, appointment_id) REFERENCES appointments (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, definition_id) REFERENCES definitions (org_id, id)
);

-- The audit trail: no foreign key to appointments, so it survives a hard delete (a final 'deleted'
-- entry remains). The actor's name is kept as it was at the time.
CREATE TABLE appointment_history (
  org_id         uuid NOT NULL REFERENCES organizations (id),
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  appointment_id uuid NOT NULL,
  action         text NOT NULL,
  changes        jsonb NOT NULL DEFAULT '{}',
  actor_user_id  uuid,
  actor_name     text,
  created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX appointment_history_appointment_idx ON appointment_history (org_id, appointment_id, created_at DESC, id);

CREATE TABLE patient_flow_events (
  org_id         uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  appointment_id uuid NOT NULL,
  flow_status_id uuid NOT NULL,
  changed_at     timestamptz NOT NULL,
  changed_by     uuid,
  changed_by_name text,
  change_note    text NOT NULL DEFAULT '',
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, appointment_id) REFERENCES appointments (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, flow_status_id) REFERENCES patient_flow_statuses (org_id, id)
);
CREATE INDEX patient_flow_events_appointment_idx ON patient_flow_events (org_id, appointment_id, changed_at, id);

CREATE TABLE production_goals (
  org_id      uuid NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  provider_id uuid NOT NULL,
  location_id uuid NOT NULL,
  goal_date   date NOT NULL,
  goal_amount numeric(12, 2) NOT NULL CHECK (goal_amount >= 0),
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, provider_id, location_id, goal_date),
  FOREIGN KEY (org_id, provider_id) REFERENCES providers (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id)
);
CREATE INDEX production_goals_day_idx ON production_goals (org_id, location_id, goal_date);
CREATE TRIGGER production_goals_updated_at BEFORE UPDATE ON production_goals
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
