-- Provider schedules, schedule notes, patient flow statuses, appointment rules and blockouts.
-- Wall-clock times stay wall-clock (time) with the location's zone; where a record is on one date,
-- its instants (start_at/end_at) are computed in JavaScript with Temporal and stored beside them.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE provider_schedule_templates (
  org_id         uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  provider_id    uuid NOT NULL,
  location_id    uuid NOT NULL,
  operatory_id   uuid,
  day_of_week    smallint NOT NULL CHECK (day_of_week BETWEEN 0 AND 6),
  start_time     time NOT NULL,
  end_time       time NOT NULL,
  effective_from date NOT NULL,
  effective_to   date,
  note           text NOT NULL DEFAULT '',
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, provider_id) REFERENCES providers (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
  FOREIGN KEY (org_id, operatory_id) REFERENCES operatories (org_id, id),
  CHECK (end_time > start_time),
  CHECK (effective_to IS NULL OR effective_to >= effective_from),
  -- Backstop for the 409 the command gives: one provider's templates at a location never overlap on
  -- the same weekday within overlapping effective periods (times as seconds since midnight).
  EXCLUDE USING gist (
    org_id WITH =, provider_id WITH =, location_id WITH =, day_of_week WITH =,
    int4range(extract(epoch FROM start_time)::int, extract(epoch FROM end_time)::int) WITH &&,
    daterange(effective_from, effective_to, '[]') WITH &&
  )
);
CREATE INDEX provider_schedule_templates_location_idx ON provider_schedule_templates (org_id, location_id, day_of_week);
CREATE INDEX provider_schedule_templates_provider_idx ON provider_schedule_templates (org_id, provider_id);
CREATE TRIGGER provider_schedule_templates_updated_at BEFORE UPDATE ON provider_schedule_templates
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE provider_schedule_overrides (
  org_id          uuid NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  provider_id     uuid NOT NULL,
  location_id     uuid NOT NULL,
  operatory_id    uuid,
  override_date   date NOT NULL,
  start_time      time,
  end_time        time,
  start_at        timestamptz,
  end_at          timestamptz,
  is_unavailable  boolean NOT NULL DEFAULT false,
  override_reason text NOT NULL DEFAULT 'other'
    CHECK (override_reason IN ('vacation', 'sick', 'training', 'holiday', 'personal', 'extra_hours', 'schedule_change', 'other')),
  note            text NOT NULL DEFAULT '',
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, provider_id) REFERENCES providers (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
  FOREIGN KEY (org_id, operatory_id) REFERENCES operatories (org_id, id),
  -- Unavailable: no times. Otherwise a real range on that date.
  CHECK (CASE WHEN is_unavailable
    THEN start_time IS NULL AND end_time IS NULL AND start_at IS NULL AND end_at IS NULL
    ELSE start_time IS NOT NULL AND end_time > start_time AND end_at > start_at END)
);
CREATE INDEX provider_schedule_overrides_day_idx ON provider_schedule_overrides (org_id, location_id, override_date);
CREATE INDEX provider_schedule_overrides_provider_idx ON provider_schedule_overrides (org_id, provider_id, override_date);
CREATE TRIGGER provider_schedule_overrides_updated_at BEFORE UPDATE ON provider_schedule_overrides
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE schedule_notes (
  org_id      uuid NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  location_id uuid NOT NULL,
  note_date   date NOT NULL,
  note        text NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, location_id, note_date),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id)
);
CREATE TRIGGER schedule_notes_updated_at BEFORE UPDATE ON schedule_notes
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE patient_flow_statuses (
  org_id      uuid NOT NULL REFERENCES organizations (id),
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  slug        text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  color       text NOT NULL DEFAULT '#9E9E9E',
  item_order  integer NOT NULL DEFAULT 0,
  is_active   boolean NOT NULL DEFAULT true,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, slug)
);
CREATE TRIGGER patient_flow_statuses_updated_at BEFORE UPDATE ON patient_flow_statuses
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE appointment_rules (
  org_id                uuid NOT NULL,
  id                    uuid NOT NULL DEFAULT gen_random_uuid(),
  appointment_type_a_id uuid NOT NULL,
  appointment_type_b_id uuid NOT NULL,
  location_id           uuid,
  allow_overlap         boolean NOT NULL,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, appointment_type_a_id) REFERENCES appointment_types (org_id, id),
  FOREIGN KEY (org_id, appointment_type_b_id) REFERENCES appointment_types (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id)
);
-- A pair is unordered: (A, B) and (B, A) at the same location (or both org-wide) are one rule.
CREATE UNIQUE INDEX appointment_rules_pair_key ON appointment_rules (
  org_id, least(appointment_type_a_id, appointment_type_b_id), greatest(appointment_type_a_id, appointment_type_b_id),
  coalesce(location_id, '00000000-0000-0000-0000-000000000000'::uuid));
CREATE TRIGGER appointment_rules_updated_at BEFORE UPDATE ON appointment_rules
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE blockout_types (
  org_id         uuid NOT NULL REFERENCES organizations (id),
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  name           text NOT NULL,
  abbreviation   text,
  color          text NOT NULL DEFAULT '#BDBDBD',
  is_no_schedule boolean NOT NULL DEFAULT false,
  is_do_not_copy boolean NOT NULL DEFAULT false,
  is_hidden      boolean NOT NULL DEFAULT false,
  -- Beyond the contract: a date with a holiday blockout at a location is a holiday there.
  is_holiday     boolean NOT NULL DEFAULT false,
  item_order     integer NOT NULL DEFAULT 0,
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE TRIGGER blockout_types_updated_at BEFORE UPDATE ON blockout_types
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE blockouts (
  org_id           uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  location_id      uuid NOT NULL,
  -- null: the blockout covers every operatory of the location.
  operatory_id     uuid,
  blockout_type_id uuid NOT NULL,
  -- Recurrence group: blockouts created together (one per operatory) or by repeat-weeks.
  group_id         uuid,
  schedule_date    date NOT NULL,
  start_time       time NOT NULL,
  end_time         time NOT NULL,
  start_at         timestamptz NOT NULL,
  end_at           timestamptz NOT NULL,
  note             text NOT NULL DEFAULT '',
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
  FOREIGN KEY (org_id, operatory_id) REFERENCES operatories (org_id, id),
  FOREIGN KEY (org_id, blockout_type_id) REFERENCES blockout_types (org_id, id),
  CHECK (end_time > start_time),
  CHECK (end_at > start_at)
);
CREATE INDEX blockouts_day_idx ON blockouts (org_id, location_id, schedule_date);
CREATE INDEX blockouts_time_idx ON blockouts USING gist (org_id, location_id, tstzrange(start_at, end_at));
CREATE INDEX blockouts_group_idx ON blockouts (org_id, group_id) WHERE group_id IS NOT NULL;
CREATE TRIGGER blockouts_updated_at BEFORE UPDATE ON blockouts
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE block_schedule_templates (
  org_id      uuid NOT NULL REFERENCES organizations (id),
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  -- null: usable at every location.
  location_id uuid,
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  day_of_week smallint CHECK (day_of_week BETWEEN 0 AND 6),
  is_hidden   boolean NOT NULL DEFAULT false,
  item_order  integer NOT NULL DEFAULT 0,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id)
);
CREATE TRIGGER block_schedule_templates_updated_at BEFORE UPDATE ON block_schedule_templates
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE block_schedule_template_items (
  org_id           uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  template_id      uuid NOT NULL,
  blockout_type_id uuid NOT NULL,
  operatory_id     uuid,
  start_time       time NOT NULL,
  end_time         time NOT NULL,
  item_order       integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, template_id) REFERENCES block_schedule_templates (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, blockout_type_id) REFERENCES blockout_types (org_id, id),
  FOREIGN KEY (org_id, operatory_id) REFERENCES operatories (org_id, id),
  CHECK (end_time > start_time)
);
CREATE INDEX block_schedule_template_items_template_idx ON block_schedule_template_items (org_id, template_id, item_order);
