-- Schedule views: saved calendar set-ups of one location (which chairs and providers, which hours, how
-- appointment blocks look). A view belongs to the user who made it: `personal` ones are visible to that user
-- only, `shared` ones to everyone at the location. Whether a view is a user's default and which Ctrl+1…9
-- shortcut opens it are that user's own settings (schedule_view_user_settings), never columns of the view.

CREATE TABLE schedule_views (
  org_id                      uuid NOT NULL REFERENCES organizations (id),
  id                          uuid NOT NULL DEFAULT gen_random_uuid(),
  location_id                 uuid NOT NULL,
  owner_user_id               uuid NOT NULL,
  name                        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  visibility                  text NOT NULL CHECK (visibility IN ('personal', 'shared')),
  view_type                   text NOT NULL CHECK (view_type IN ('daily', 'weekly')),
  font_size                   text NOT NULL CHECK (font_size IN ('xs', 'sm', 'md', 'lg')),
  start_time                  time NOT NULL,
  end_time                    time NOT NULL,
  time_increment              integer NOT NULL CHECK (time_increment IN (5, 10, 15, 20, 30, 60)),
  min_operatory_width_px      integer NOT NULL CHECK (min_operatory_width_px BETWEEN 0 AND 2000),
  auto_scroll_to_current_time boolean NOT NULL,
  bubble_enabled              boolean NOT NULL,
  compact_mode                boolean NOT NULL,
  dynamic_op_filtering        boolean NOT NULL,
  privacy_mode                boolean NOT NULL,
  show_business_days_only     boolean NOT NULL,
  show_missed_appointments    boolean NOT NULL,
  show_production             boolean NOT NULL,
  show_provider_bars          boolean NOT NULL,
  card_layout                 jsonb CHECK (jsonb_typeof(card_layout) = 'object'),
  bubble_layout               jsonb CHECK (jsonb_typeof(bubble_layout) = 'object'),
  color_config                jsonb CHECK (jsonb_typeof(color_config) = 'object'),
  version                     integer NOT NULL DEFAULT 1,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  -- The target of the settings' foreign key, which keeps a setting's location that of its view.
  UNIQUE (org_id, id, location_id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
  FOREIGN KEY (org_id, owner_user_id) REFERENCES users (org_id, id),
  CHECK (end_time > start_time)
);
CREATE INDEX schedule_views_location_idx ON schedule_views (org_id, location_id, lower(name));
CREATE INDEX schedule_views_owner_idx ON schedule_views (org_id, owner_user_id);
CREATE TRIGGER schedule_views_updated_at BEFORE UPDATE ON schedule_views
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The chairs a view shows, in the view's column order. A deleted chair simply leaves its views.
CREATE TABLE schedule_view_operatories (
  org_id       uuid NOT NULL,
  view_id      uuid NOT NULL,
  operatory_id uuid NOT NULL,
  position     integer NOT NULL,
  PRIMARY KEY (org_id, view_id, operatory_id),
  FOREIGN KEY (org_id, view_id) REFERENCES schedule_views (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, operatory_id) REFERENCES operatories (org_id, id) ON DELETE CASCADE
);
CREATE INDEX schedule_view_operatories_operatory_idx ON schedule_view_operatories (org_id, operatory_id);

-- The providers a view shows, in the view's order.
CREATE TABLE schedule_view_providers (
  org_id      uuid NOT NULL,
  view_id     uuid NOT NULL,
  provider_id uuid NOT NULL,
  position    integer NOT NULL,
  PRIMARY KEY (org_id, view_id, provider_id),
  FOREIGN KEY (org_id, view_id) REFERENCES schedule_views (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, provider_id) REFERENCES providers (org_id, id) ON DELETE CASCADE
);
CREATE INDEX schedule_view_providers_provider_idx ON schedule_view_providers (org_id, provider_id);

-- One user's settings for one view: whether it is their default at the view's location, and the number
-- (1–9) of the Ctrl shortcut that opens it. The two unique keys are the backstop of the rules that a user
-- has at most one default per location and that a number opens at most one of their views per location.
CREATE TABLE schedule_view_user_settings (
  org_id            uuid NOT NULL,
  user_id           uuid NOT NULL,
  view_id           uuid NOT NULL,
  location_id       uuid NOT NULL,
  is_default        boolean NOT NULL DEFAULT false,
  keyboard_shortcut smallint CHECK (keyboard_shortcut BETWEEN 1 AND 9),
  PRIMARY KEY (org_id, user_id, view_id),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, view_id, location_id) REFERENCES schedule_views (org_id, id, location_id) ON DELETE CASCADE,
  CONSTRAINT schedule_view_user_settings_shortcut_key UNIQUE (org_id, user_id, location_id, keyboard_shortcut)
);
CREATE UNIQUE INDEX schedule_view_user_settings_default_key
  ON schedule_view_user_settings (org_id, user_id, location_id) WHERE is_default;
CREATE INDEX schedule_view_user_settings_view_idx ON schedule_view_user_settings (org_id, view_id);
