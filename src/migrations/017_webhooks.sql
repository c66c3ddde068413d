-- Webhooks: endpoints an organisation registers, an outbox of events written in the same transaction as
-- the change they describe, one delivery per (event, endpoint) that a worker claims and sends, and a log of
-- every attempt. The secret signs deliveries (Standard Webhooks, HMAC-SHA256), so it is kept as given, not
-- hashed; the API shows it once, at creation and at rotation.

CREATE TABLE webhook_endpoints (
  org_id                  uuid NOT NULL REFERENCES organizations (id),
  id                      uuid NOT NULL DEFAULT gen_random_uuid(),
  url                     text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
  description             text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  events                  text[] NOT NULL CHECK (cardinality(events) >= 1),
  is_active               boolean NOT NULL DEFAULT true,
  secret                  text NOT NULL,
  -- After a rotation deliveries are signed with both secrets until previous_secret_until.
  previous_secret         text,
  previous_secret_until   timestamptz,
  version                 integer NOT NULL DEFAULT 1,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
-- Every appointment write looks up the organisation's active endpoints (usually none).
CREATE INDEX webhook_endpoints_active_idx ON webhook_endpoints (org_id) WHERE is_active;
CREATE INDEX webhook_endpoints_list_idx ON webhook_endpoints (org_id, created_at, id);
CREATE TRIGGER webhook_endpoints_updated_at BEFORE UPDATE ON webhook_endpoints
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The outbox: one row per event that at least one active endpoint wanted. `data` is the payload's `data`.
CREATE TABLE webhook_events (
  org_id      uuid NOT NULL REFERENCES organizations (id),
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  type        text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
  data        jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);

-- One event for one endpoint. `next_attempt_at` is when a worker may claim it: claiming pushes it past the
-- send timeout (a lease), so a worker that dies mid-send leaves it to be claimed again when the lease ends.
CREATE TABLE webhook_deliveries (
  org_id           uuid NOT NULL REFERENCES organizations (id),
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  endpoint_id      uuid NOT NULL,
  event_id         uuid NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  -- Attempts started (the log numbers them); failures since the last success or redeliver (backoff, give-up).
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  failures         integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_attempt_at  timestamptz,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, endpoint_id) REFERENCES webhook_endpoints (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, event_id) REFERENCES webhook_events (org_id, id) ON DELETE CASCADE
);
-- The worker's claim: due pending deliveries, oldest first, across organisations.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
-- The delivery log of an endpoint, newest first.
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (org_id, endpoint_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (org_id, event_id);

-- Every finished attempt: the receiver's status code, or why there was none. Response bodies are not kept
-- (the receiver may be any server the URL names; its answers are not ours to show).
CREATE TABLE webhook_delivery_attempts (
  org_id        uuid NOT NULL REFERENCES organizations (id),
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  delivery_id   uuid NOT NULL,
  attempt       integer NOT NULL CHECK (attempt >= 1),
  attempted_at  timestamptz NOT NULL DEFAULT now(),
  duration_ms   integer NOT NULL CHECK (duration_ms >= 0),
  status_code   integer,
  error         text CHECK (length(error) <= 500),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, delivery_id) REFERENCES webhook_deliveries (org_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (org_id, delivery_id, attempt);
