-- The ASAP list (waitlist): patients who want an earlier or any opening, and the log of who was called
-- about which opening. Status `expired` is mostly computed at read (active past date_range_end, in the
-- location's zone); it is stored only when a newer entry for the same key needs the unique key below.
-- Days are weekdays 0 = Monday … 6 = Sunday; times are wall-clock times at the location.

CREATE TABLE asap_entries (
  org_id                   uuid NOT NULL,
  id                       uuid NOT NULL DEFAULT gen_random_uuid(),
  patient_id               uuid NOT NULL,
  location_id              uuid NOT NULL,
  location_scope           text NOT NULL DEFAULT 'home_only' CHECK (location_scope IN ('home_only', 'selected', 'any')),
  appointment_type_id      uuid,
  provider_id              uuid,
  priority_id              uuid,
  -- The patient recall this entry came from; its foreign key arrives with the recalls table.
  recall_id                uuid,
  -- The appointment the entry came from (source appointment_flag) or, once scheduled, the one booked.
  appointment_id           uuid,
  source                   text NOT NULL DEFAULT 'manual'
    CHECK (source IN ('manual', 'appointment_flag', 'recall', 'treatment_plan', 'online')),
  status                   text NOT NULL DEFAULT 'waiting'
    CHECK (status IN ('waiting', 'contacted', 'offered', 'scheduled', 'removed', 'expired')),
  urgency                  text NOT NULL DEFAULT 'routine' CHECK (urgency IN ('urgent', 'soon', 'routine', 'flexible')),
  date_range_start         date,
  date_range_end           date,
  estimated_duration_mins  integer CHECK (estimated_duration_mins BETWEEN 1 AND 1440),
  preferred_days           integer[] CHECK (preferred_days <@ ARRAY[0, 1, 2, 3, 4, 5, 6]),
  preferred_time_start     time,
  preferred_time_end       time,
  note                     text CHECK (length(note) <= 5000),
  treatment_value          numeric(12, 2) CHECK (treatment_value >= 0),
  contact_attempts         integer NOT NULL DEFAULT 0,
  contact_method_used      text,
  contacted_at             timestamptz,
  patient_response         text CHECK (patient_response IN ('accepted', 'declined', 'no_answer', 'slot_taken', 'expired')),
  responded_at             timestamptz,
  last_offered_date        date,
  last_offered_start_time  time,
  last_offered_location_id uuid,
  version                  integer NOT NULL DEFAULT 1,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
  FOREIGN KEY (org_id, appointment_type_id) REFERENCES appointment_types (org_id, id),
  FOREIGN KEY (org_id, provider_id) REFERENCES providers (org_id, id),
  FOREIGN KEY (org_id, priority_id) REFERENCES definitions (org_id, id),
  FOREIGN KEY (org_id, last_offered_location_id) REFERENCES locations (org_id, id),
  -- A hard-deleted appointment leaves the entry without its link (deleting must not fail on the list).
  FOREIGN KEY (org_id, appointment_id) REFERENCES appointments (org_id, id) ON DELETE SET NULL (appointment_id),
  -- An entry made from a recall names it; a recall that goes leaves the entry without the link.
  FOREIGN KEY (org_id, recall_id) REFERENCES patient_recalls (org_id, id) ON DELETE SET NULL (recall_id),
  CHECK (date_range_start IS NULL OR date_range_end IS NULL OR date_range_start <= date_range_end),
  CHECK (preferred_time_start IS NULL OR preferred_time_end IS NULL OR preferred_time_start < preferred_time_end)
);
-- At most one entry still on the list per patient, location and type (no type counts as one type).
CREATE UNIQUE INDEX asap_entries_active_key ON asap_entries
  (org_id, patient_id, location_id, coalesce(appointment_type_id, '00000000-0000-0000-0000-000000000000'))
  WHERE status IN ('waiting', 'contacted', 'offered');
-- Booking an appointment looks up the patient's active entries (on every booking: must stay an index probe).
CREATE INDEX asap_entries_patient_active_idx ON asap_entries (org_id, patient_id) WHERE status IN ('waiting', 'contacted', 'offered');
-- Lists and quick-fill by location; the default list order.
CREATE INDEX asap_entries_location_idx ON asap_entries (org_id, location_id, created_at, id);
CREATE INDEX asap_entries_created_idx ON asap_entries (org_id, created_at, id);
CREATE INDEX asap_entries_appointment_idx ON asap_entries (org_id, appointment_id) WHERE appointment_id IS NOT NULL;
CREATE INDEX asap_entries_recall_idx ON asap_entries (org_id, recall_id) WHERE recall_id IS NOT NULL;
-- Archiving a referenced provider, type or priority checks for entries naming it.
CREATE INDEX asap_entries_provider_idx ON asap_entries (org_id, provider_id) WHERE provider_id IS NOT NULL;
CREATE INDEX asap_entries_type_idx ON asap_entries (org_id, appointment_type_id) WHERE appointment_type_id IS NOT NULL;
CREATE INDEX asap_entries_priority_idx ON asap_entries (org_id, priority_id) WHERE priority_id IS NOT NULL;
CREATE TRIGGER asap_entries_updated_at BEFORE UPDATE ON asap_entries
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The further locations an entry with location_scope 'selected' may be offered at.
CREATE TABLE asap_entry_locations (
  org_id       uuid NOT NULL,
  entry_id     uuid NOT NULL,
  location_id  uuid NOT NULL,
  PRIMARY KEY (org_id, entry_id, location_id),
  FOREIGN KEY (org_id, entry_id) REFERENCES asap_entries (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id)
);
CREATE INDEX asap_entry_locations_location_idx ON asap_entry_locations (org_id, location_id);

-- Every contact attempt and every recorded response, newest first when read.
CREATE TABLE asap_contact_log (
  org_id            uuid NOT NULL,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  -- Insertion order: two records stamped the same instant still read newest first.
  seq               bigint GENERATED ALWAYS AS IDENTITY,
  entry_id          uuid NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('contact', 'response')),
  contact_method    text CHECK (contact_method IN ('sms', 'email', 'phone', 'app_notification')),
  initiated_by      text CHECK (initiated_by IN ('staff', 'smart_fill')),
  message_id        text CHECK (length(message_id) <= 200),
  slot_date         date,
  slot_start_time   time,
  slot_location_id  uuid,
  patient_response  text CHECK (patient_response IN ('accepted', 'declined', 'no_answer', 'slot_taken', 'expired')),
  status_before     text NOT NULL,
  status_after      text NOT NULL,
  user_id           uuid,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, entry_id) REFERENCES asap_entries (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, slot_location_id) REFERENCES locations (org_id, id)
);
CREATE INDEX asap_contact_log_entry_idx ON asap_contact_log (org_id, entry_id, created_at DESC, seq DESC);
