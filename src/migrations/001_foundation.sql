-- Foundation: organisations, users and tokens, reference data, appointment types.
-- Every tenant table carries org_id; its primary key, unique keys and foreign keys include it, so
-- rows of one organisation can never reference another's and the schema can be distributed by org_id.

CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;

CREATE TABLE organizations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER organizations_updated_at BEFORE UPDATE ON organizations
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE locations (
  org_id      uuid NOT NULL REFERENCES organizations (id),
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  timezone    text NOT NULL,
  address     text,
  phone       text,
  is_active   boolean NOT NULL DEFAULT true,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE TRIGGER locations_updated_at BEFORE UPDATE ON locations
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE users (
  org_id      uuid NOT NULL REFERENCES organizations (id),
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  email       text NOT NULL,
  role        text NOT NULL CHECK (role IN ('admin', 'staff', 'viewer')),
  -- true: the user sees only the locations listed in user_locations.
  location_limited boolean NOT NULL DEFAULT false,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX users_email_key ON users (org_id, lower(email)) WHERE deleted_at IS NULL;
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE user_locations (
  org_id      uuid NOT NULL,
  user_id     uuid NOT NULL,
  location_id uuid NOT NULL,
  PRIMARY KEY (org_id, user_id, location_id),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id)
);

-- Tokens are shown once and stored as a SHA-256 hash. The token text embeds the org id, so the
-- lookup key (org_id, token_hash) stays co-located with the organisation when distributed.
CREATE TABLE api_tokens (
  org_id      uuid NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL,
  token_hash  bytea NOT NULL,
  name        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, token_hash),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);

CREATE TABLE operatories (
  org_id      uuid NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  location_id uuid NOT NULL,
  name        text NOT NULL,
  abbrev      text,
  is_hygiene  boolean NOT NULL DEFAULT false,
  item_order  integer NOT NULL DEFAULT 0,
  is_active   boolean NOT NULL DEFAULT true,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id)
);
CREATE INDEX operatories_location_idx ON operatories (org_id, location_id, item_order);
CREATE TRIGGER operatories_updated_at BEFORE UPDATE ON operatories
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE providers (
  org_id        uuid NOT NULL REFERENCES organizations (id),
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  first_name    text NOT NULL,
  last_name     text NOT NULL,
  abbrev        text,
  provider_type text NOT NULL CHECK (provider_type IN ('dentist', 'hygienist', 'assistant', 'other')),
  color         text,
  is_active     boolean NOT NULL DEFAULT true,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE TRIGGER providers_updated_at BEFORE UPDATE ON providers
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE patients (
  org_id         uuid NOT NULL REFERENCES organizations (id),
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  first_name     text NOT NULL,
  last_name      text NOT NULL,
  preferred_name text,
  birth_date     date,
  chart_number   text,
  mobile_phone   text,
  email          text,
  balance_due    numeric(12, 2) NOT NULL DEFAULT 0,
  is_active      boolean NOT NULL DEFAULT true,
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, chart_number)
);
CREATE INDEX patients_name_idx ON patients (org_id, lower(last_name), lower(first_name));
CREATE TRIGGER patients_updated_at BEFORE UPDATE ON patients
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE procedure_codes (
  org_id          uuid NOT NULL REFERENCES organizations (id),
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  code            text NOT NULL,
  description     text NOT NULL,
  default_fee     numeric(12, 2) NOT NULL DEFAULT 0 CHECK (default_fee >= 0),
  default_minutes integer CHECK (default_minutes > 0),
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, code)
);
CREATE TRIGGER procedure_codes_updated_at BEFORE UPDATE ON procedure_codes
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE definitions (
  org_id      uuid NOT NULL REFERENCES organizations (id),
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  category    text NOT NULL
    CHECK (category IN ('ApptConfirmed', 'BrokenReason', 'CancelReason', 'ApptTag', 'AsapPriority')),
  name        text NOT NULL,
  color       text,
  item_order  integer NOT NULL DEFAULT 0,
  is_hidden   boolean NOT NULL DEFAULT false,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, category, name)
);
CREATE TRIGGER definitions_updated_at BEFORE UPDATE ON definitions
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE appointment_types (
  org_id           uuid NOT NULL REFERENCES organizations (id),
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  name             text NOT NULL,
  abbrev           text,
  color            text,
  duration_minutes integer NOT NULL CHECK (duration_minutes > 0 AND duration_minutes % 5 = 0),
  -- The pattern as given by the client; null means "derived from duration_minutes".
  time_pattern     text CHECK (time_pattern ~ '^[X/]+$' AND length(time_pattern) * 5 = duration_minutes),
  blockout_only    boolean NOT NULL DEFAULT false,
  is_hidden        boolean NOT NULL DEFAULT false,
  item_order       integer NOT NULL DEFAULT 0,
  require_all      boolean NOT NULL DEFAULT false,
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  deleted_at       timestamptz,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  CHECK ((status = 'archived') = (deleted_at IS NOT NULL))
);
CREATE TRIGGER appointment_types_updated_at BEFORE UPDATE ON appointment_types
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE appointment_type_locations (
  org_id              uuid NOT NULL,
  appointment_type_id uuid NOT NULL,
  location_id         uuid NOT NULL,
  PRIMARY KEY (org_id, appointment_type_id, location_id),
  FOREIGN KEY (org_id, appointment_type_id) REFERENCES appointment_types (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id)
);

-- kind 'required': codes the appointment must carry; 'add': codes added when the type is chosen.
CREATE TABLE appointment_type_procedure_codes (
  org_id              uuid NOT NULL,
  appointment_type_id uuid NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('required', 'add')),
  position            integer NOT NULL,
  procedure_code_id   uuid NOT NULL,
  PRIMARY KEY (org_id, appointment_type_id, kind, position),
  FOREIGN KEY (org_id, appointment_type_id) REFERENCES appointment_types (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, procedure_code_id) REFERENCES procedure_codes (org_id, id)
);
