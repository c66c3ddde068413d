-- Failed authentication attempts per client address and one-minute window, for the bad-token throttle.
-- Not a tenant table (no org_id): a failure belongs to the calling address, not to an organisation,
-- and the token that failed may name no organisation at all. The counter lives here rather than in
-- the API process so that every instance behind a load balancer sees the same count.

CREATE TABLE auth_failures (
  client_key   text NOT NULL,
  window_start timestamptz NOT NULL,
  failures     integer NOT NULL CHECK (failures > 0),
  PRIMARY KEY (client_key, window_start)
);
-- Sweeping old windows scans by age, not by client.
CREATE INDEX auth_failures_window_idx ON auth_failures (window_start);
