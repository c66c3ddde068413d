-- Saved searches: named search criteria private to one user. `criteria` is kept as the client gave it (a JSON
-- object); what it means is decided when a search of its type is run. A user has at most one default search
-- per search_type: commands unset the previous default under an advisory lock, and the partial unique index
-- below is the backstop should any writer skip that lock.

CREATE TABLE saved_searches (
  org_id      uuid NOT NULL,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- The catalogue types it as an open string ("e.g. 'find_free_time'", the default): a snake_case key.
  search_type text NOT NULL DEFAULT 'find_free_time' CHECK (search_type ~ '^[a-z][a-z0-9_]{0,49}$'),
  criteria    jsonb NOT NULL CHECK (jsonb_typeof(criteria) = 'object'),
  is_default  boolean NOT NULL DEFAULT false,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
-- A user's list (filtered by type), the cascade from users, and the unset of a previous default.
CREATE INDEX saved_searches_user_idx ON saved_searches (org_id, user_id, search_type);
CREATE UNIQUE INDEX saved_searches_one_default_key ON saved_searches (org_id, user_id, search_type) WHERE is_default;
CREATE TRIGGER saved_searches_updated_at BEFORE UPDATE ON saved_searches
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
