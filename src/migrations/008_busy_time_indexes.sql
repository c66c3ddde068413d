-- Taken time by chair and by provider, read straight from indexes. The availability search reads every
-- chair-occupying appointment at a location over weeks, and every appointment of its candidate providers
-- anywhere: each appointment_providers row now carries a copy of its appointment's range, type and whether
-- it occupies its chair (scheduled or complete), kept by triggers, and two covering partial indexes answer
-- both reads without visiting the tables.
ALTER TABLE appointment_providers
  ADD COLUMN appointment_start_at   timestamptz,
  ADD COLUMN appointment_end_at     timestamptz,
  ADD COLUMN appointment_type_id    uuid,
  ADD COLUMN occupies               boolean NOT NULL DEFAULT false;

UPDATE appointment_providers ap
   SET appointment_start_at = a.start_at, appointment_end_at = a.end_at, appointment_type_id = a.appointment_type_id,
       occupies = a.status IN ('scheduled', 'complete')
  FROM appointments a
 WHERE a.org_id = ap.org_id AND a.id = ap.appointment_id;

CREATE FUNCTION appointment_providers_copy_appointment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.start_at, a.end_at, a.appointment_type_id, a.status IN ('scheduled', 'complete')
    INTO NEW.appointment_start_at, NEW.appointment_end_at, NEW.appointment_type_id, NEW.occupies
    FROM appointments a WHERE a.org_id = NEW.org_id AND a.id = NEW.appointment_id;
  RETURN NEW;
END $$;
CREATE TRIGGER appointment_providers_copy_appointment BEFORE INSERT ON appointment_providers
  FOR EACH ROW EXECUTE FUNCTION appointment_providers_copy_appointment();

CREATE FUNCTION appointments_sync_providers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE appointment_providers
     SET appointment_start_at = NEW.start_at, appointment_end_at = NEW.end_at, appointment_type_id = NEW.appointment_type_id,
         occupies = NEW.status IN ('scheduled', 'complete')
   WHERE org_id = NEW.org_id AND appointment_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER appointments_sync_providers AFTER UPDATE OF start_at, end_at, status, appointment_type_id ON appointments
  FOR EACH ROW
  WHEN (OLD.start_at IS DISTINCT FROM NEW.start_at OR OLD.end_at IS DISTINCT FROM NEW.end_at
        OR OLD.appointment_type_id IS DISTINCT FROM NEW.appointment_type_id
        OR (OLD.status IN ('scheduled', 'complete')) IS DISTINCT FROM (NEW.status IN ('scheduled', 'complete')))
  EXECUTE FUNCTION appointments_sync_providers();

CREATE INDEX appointment_providers_busy_idx ON appointment_providers (org_id, provider_id, appointment_start_at)
  INCLUDE (appointment_end_at, appointment_type_id, start_at, end_at) WHERE occupies;

CREATE INDEX appointments_location_busy_idx ON appointments (org_id, location_id, start_at)
  INCLUDE (end_at, operatory_id, appointment_type_id) WHERE status IN ('scheduled', 'complete');
