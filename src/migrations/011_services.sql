-- Services and their weekly time slots: something a practice offers for online booking (a cleaning, a
-- consultation) at one location, with the providers who perform it and weekly windows, each taking at most
-- `max_bookings` bookings per occurrence (the window's weekday on one local date). Ids are integers, as the
-- clients of this surface send them; identities are unique across the table, and every key still includes org_id.

CREATE TABLE services (
  org_id              uuid NOT NULL REFERENCES organizations (id),
  id                  bigint GENERATED ALWAYS AS IDENTITY,
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description         text NOT NULL DEFAULT '',
  location_id         uuid NOT NULL,
  -- The length of a booking: an appointment type's (with its time pattern), or a bare duration. Exactly one.
  appointment_type_id uuid,
  duration_minutes    integer CHECK (duration_minutes BETWEEN 5 AND 720 AND duration_minutes % 5 = 0),
  is_active           boolean NOT NULL DEFAULT true,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
  FOREIGN KEY (org_id, appointment_type_id) REFERENCES appointment_types (org_id, id),
  CHECK ((appointment_type_id IS NULL) <> (duration_minutes IS NULL))
);
CREATE INDEX services_location_idx ON services (org_id, location_id);
CREATE TRIGGER services_updated_at BEFORE UPDATE ON services
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The providers who perform a service, in the order the client gave; none: anyone scheduled at the location.
CREATE TABLE service_providers (
  org_id      uuid NOT NULL,
  service_id  bigint NOT NULL,
  provider_id uuid NOT NULL,
  position    smallint NOT NULL,
  PRIMARY KEY (org_id, service_id, provider_id),
  FOREIGN KEY (org_id, service_id) REFERENCES services (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, provider_id) REFERENCES providers (org_id, id)
);
CREATE INDEX service_providers_provider_idx ON service_providers (org_id, provider_id);

-- Weekly windows, wall clock at the service's location; day_of_week 0 = Monday … 6 = Sunday.
CREATE TABLE service_time_slots (
  org_id       uuid NOT NULL,
  id           bigint GENERATED ALWAYS AS IDENTITY,
  service_id   bigint NOT NULL,
  day_of_week  smallint NOT NULL CHECK (day_of_week BETWEEN 0 AND 6),
  start_time   time NOT NULL,
  end_time     time NOT NULL,
  max_bookings integer NOT NULL CHECK (max_bookings > 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, service_id, id),
  FOREIGN KEY (org_id, service_id) REFERENCES services (org_id, id) ON DELETE CASCADE,
  CHECK (end_time > start_time),
  -- Backstop for the 400 the batch write gives: one service's windows never overlap on a weekday. Checked at
  -- commit, so one batch may move windows past each other.
  CONSTRAINT service_time_slots_no_overlap EXCLUDE USING gist (
    org_id WITH =, service_id WITH =, day_of_week WITH =,
    int4range(extract(epoch FROM start_time)::int, extract(epoch FROM end_time)::int) WITH &&
  ) DEFERRABLE INITIALLY DEFERRED
);
CREATE TRIGGER service_time_slots_updated_at BEFORE UPDATE ON service_time_slots
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Which occurrence an appointment was booked into. The appointment holds its place while it occupies a
-- chair (scheduled or complete); deleting it deletes the row, deleting its time slot or service forgets the
-- bookkeeping and never the appointment.
CREATE TABLE service_bookings (
  org_id          uuid NOT NULL,
  appointment_id  uuid NOT NULL,
  service_id      bigint NOT NULL,
  time_slot_id    bigint NOT NULL,
  occurrence_date date NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, appointment_id),
  FOREIGN KEY (org_id, appointment_id) REFERENCES appointments (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, service_id, time_slot_id) REFERENCES service_time_slots (org_id, service_id, id) ON DELETE CASCADE
);
CREATE INDEX service_bookings_occurrence_idx ON service_bookings (org_id, time_slot_id, occurrence_date);
