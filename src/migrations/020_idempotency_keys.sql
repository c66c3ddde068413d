-- Idempotency keys (the IETF Idempotency-Key header, as Stripe does it): the first answer to a POST under /api/v1
-- that bore a key, kept per organisation, user and key for 24 hours, so that a retry gets the same answer instead of
-- doing the work twice. The row is written in the request's own transaction: a key exists exactly when its effect
-- committed. Expiry is read, not swept on time: a lookup ignores rows stored 24 h or more before the request
-- (src/core/http/idempotency.ts), a key reused after that overwrites its row, and stores delete expired rows a batch
-- at a time now and then (kept answers can name patients; they are not kept for longer than needed).

CREATE TABLE idempotency_keys (
  org_id        uuid NOT NULL REFERENCES organizations (id),
  user_id       uuid NOT NULL,
  -- 1-255 printable ASCII characters, as the API accepts them.
  key           text NOT NULL CHECK (key ~ '^[ -~]{1,255}$'),
  -- sha256 (hex) of the method, URL and canonical JSON body: the same key with another request is refused.
  fingerprint   text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  -- 5xx answers are never kept (the client may retry); 2xx and the handler's own 4xx are.
  status        integer NOT NULL CHECK (status BETWEEN 200 AND 499),
  body          text,
  content_type  text,
  -- The application's clock (injected in tests), like the lookup's cut-off.
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (org_id, user_id, key),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
-- The sweep of expired rows, oldest first, across organisations.
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
