-- Chair-occupying appointments by time across the organisation: the conflict check finds every
-- appointment overlapping a booking's window here, then keeps those in the chair or sharing a provider.
CREATE INDEX appointments_time_idx ON appointments USING gist (org_id, tstzrange(start_at, end_at))
  WHERE status IN ('scheduled', 'complete');
