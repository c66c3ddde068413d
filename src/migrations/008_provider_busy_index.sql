-- Provider time by provider and date: each appointment_providers row carries a copy of its appointment's
-- range and whether the appointment occupies its chair (scheduled or complete), kept by triggers, so that
-- "this provider's appointments between these instants, at any location" is one index range read. The
-- availability search needs it over weeks; without it, the only ways in were every appointment of the
-- organisation in the window or every appointment the provider ever had.
ALTER TABLE appointment_providers
  ADD COLUMN appointment_start_at timestamptz,
  ADD COLUMN appointment_end_at   timestamptz,
  ADD COLUMN occupies             boolean NOT NULL DEFAULT false;

UPDATE appointment_providers ap
   SET appointment_start_at = a.start_at, appointment_end_at = a.end_at, occupies = a.status IN ('scheduled', 'complete')
  FROM appointments a
 WHERE a.org_id = ap.org_id AND a.id = ap.appointment_id;

CREATE FUNCTION appointment_providers_copy_range() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.start_at, a.end_at, a.status IN ('scheduled', 'complete')
    INTO NEW.appointment_start_at, NEW.appointment_end_at, NEW.occupies
    FROM appointments a WHERE a.org_id = NEW.org_id AND a.id = NEW.appointment_id;
  RETURN NEW;
END $$;
CREATE TRIGGER appointment_providers_copy_range BEFORE INSERT ON appointment_providers
  FOR EACH ROW EXECUTE FUNCTION appointment_providers_copy_range();

CREATE FUNCTION appointments_sync_provider_range() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE appointment_providers
     SET appointment_start_at = NEW.start_at, appointment_end_at = NEW.end_at, occupies = NEW.status IN ('scheduled', 'complete')
   WHERE org_id = NEW.org_id AND appointment_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER appointments_sync_provider_range AFTER UPDATE OF start_at, end_at, status ON appointments
  FOR EACH ROW
  WHEN (OLD.start_at IS DISTINCT FROM NEW.start_at OR OLD.end_at IS DISTINCT FROM NEW.end_at
        OR (OLD.status IN ('scheduled', 'complete')) IS DISTINCT FROM (NEW.status IN ('scheduled', 'complete')))
  EXECUTE FUNCTION appointments_sync_provider_range();

CREATE INDEX appointment_providers_busy_idx ON appointment_providers (org_id, provider_id, appointment_start_at)
  WHERE occupies;
