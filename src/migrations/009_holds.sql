-- Holds: a chair (and optionally providers) kept for one patient for a few minutes while they finish
-- booking. A live hold (expires_at in the future) is taken time for every booking, every other hold and
-- every availability search; an expired one stops counting the instant it expires, whether or not it has
-- been deleted yet. Holds are taken and checked under the same advisory locks as bookings.
CREATE TABLE holds (
  org_id        uuid NOT NULL,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  location_id   uuid NOT NULL,
  operatory_id  uuid NOT NULL,
  schedule_date date NOT NULL,
  start_time    time NOT NULL,
  end_time      time NOT NULL,
  start_at      timestamptz NOT NULL,
  end_at        timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  -- SHA-256 of the hold token, shown once when the hold is made; the token converts the hold into a booking.
  token_hash    bytea NOT NULL,
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, token_hash),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
  FOREIGN KEY (org_id, operatory_id) REFERENCES operatories (org_id, id),
  CHECK (end_at > start_at)
);
CREATE INDEX holds_time_idx ON holds USING gist (org_id, tstzrange(start_at, end_at));
CREATE INDEX holds_expiry_idx ON holds (expires_at);

CREATE TABLE hold_providers (
  org_id      uuid NOT NULL,
  hold_id     uuid NOT NULL,
  provider_id uuid NOT NULL,
  PRIMARY KEY (org_id, hold_id, provider_id),
  FOREIGN KEY (org_id, hold_id) REFERENCES holds (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, provider_id) REFERENCES providers (org_id, id)
);
CREATE INDEX hold_providers_provider_idx ON hold_providers (org_id, provider_id);
