-- Availability: when a location is open and what a booking there lasts by default; which browser origins
-- may call an organisation's availability face; tokens limited to some scopes.

-- open_hours: null = no limit beyond provider schedules; otherwise a JSON array of
-- {"day_of_week": 0..6 (0 = Monday), "start_time": "HH:MM:SS", "end_time": "HH:MM:SS"}, several per day allowed,
-- validated by the API (start before end, no overlap within a day). A weekday without ranges is closed.
ALTER TABLE locations
  ADD COLUMN open_hours jsonb CHECK (open_hours IS NULL OR jsonb_typeof(open_hours) = 'array'),
  ADD COLUMN default_appointment_type_id uuid,
  ADD FOREIGN KEY (org_id, default_appointment_type_id) REFERENCES appointment_types (org_id, id);

-- Origins (scheme://host[:port]) whose browsers may call the availability face (CORS); empty: none.
ALTER TABLE organizations
  ADD COLUMN allowed_origins text[] NOT NULL DEFAULT '{}',
  ADD COLUMN version integer NOT NULL DEFAULT 1;

-- null: the token has its user's full rights; otherwise only routes of these scopes (e.g. availability:read).
ALTER TABLE api_tokens
  ADD COLUMN scopes text[] CHECK (scopes IS NULL OR cardinality(scopes) > 0);
