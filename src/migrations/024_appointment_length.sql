-- An appointment starts and ends on one local date, so it lasts less than 25 hours (a fall-back day has 25). The
-- conflict read relies on it: it finds a provider's overlapping appointments by their start, from the window's start
-- less 25 hours (src/appointments/db/appointment-conflicts.ts). Checked here so no write, the API's or another's, can
-- make one longer.
ALTER TABLE appointments ADD CONSTRAINT appointments_length_check CHECK (end_at - start_at < interval '25 hours');
