-- Calendar feeds: a per-provider or per-location iCalendar feed at a secret URL. Only the SHA-256 of
-- the URL's token is stored; the token is shown once, at creation. Revoking sets revoked_at (the row
-- stays, so the list shows who made which feed and when it was stopped); rotating is revoke + create.
-- A feed goes with its provider or location when that is really deleted: it has nothing left to show.

CREATE TABLE calendar_feeds (
  org_id                uuid NOT NULL REFERENCES organizations (id),
  id                    uuid NOT NULL DEFAULT gen_random_uuid(),
  token_hash            bytea NOT NULL CHECK (length(token_hash) = 32),
  name                  text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
  provider_id           uuid,
  location_id           uuid,
  include_patient_names boolean NOT NULL DEFAULT false,
  created_by            uuid,
  created_at            timestamptz NOT NULL DEFAULT now(),
  revoked_at            timestamptz,
  PRIMARY KEY (org_id, id),
  -- The feed URL names its organisation, so the lookup by hash stays within one organisation's rows.
  CONSTRAINT calendar_feeds_token_key UNIQUE (org_id, token_hash),
  CONSTRAINT calendar_feeds_one_subject CHECK ((provider_id IS NULL) <> (location_id IS NULL)),
  FOREIGN KEY (org_id, provider_id) REFERENCES providers (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id)
);
-- The list is newest first.
CREATE INDEX calendar_feeds_created_idx ON calendar_feeds (org_id, created_at DESC, id);
