-- Slot inventory (seed 001): booking blocks group the chairs and providers that serve a kind of booking at a
-- location; slots are periods of a block with a capacity. A slot reserves no chair time itself: the appointments
-- booked into it (appointments.slot_id) and the holds that lock it (holds.slot_id) do, through the usual
-- conflict rules. Booking into a slot locks the slot row first, then the chair and provider advisory locks.

CREATE TABLE booking_blocks (
  org_id              uuid NOT NULL REFERENCES organizations (id),
  id                  uuid NOT NULL DEFAULT gen_random_uuid(),
  location_id         uuid NOT NULL,
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- The type a booking into one of the block's slots gets when it names none.
  appointment_type_id uuid,
  metadata            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
  FOREIGN KEY (org_id, appointment_type_id) REFERENCES appointment_types (org_id, id)
);
CREATE INDEX booking_blocks_location_idx ON booking_blocks (org_id, location_id);
CREATE TRIGGER booking_blocks_updated_at BEFORE UPDATE ON booking_blocks
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE booking_block_operatories (
  org_id           uuid NOT NULL,
  booking_block_id uuid NOT NULL,
  operatory_id     uuid NOT NULL,
  PRIMARY KEY (org_id, booking_block_id, operatory_id),
  FOREIGN KEY (org_id, booking_block_id) REFERENCES booking_blocks (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, operatory_id) REFERENCES operatories (org_id, id)
);
CREATE INDEX booking_block_operatories_operatory_idx ON booking_block_operatories (org_id, operatory_id);

CREATE TABLE booking_block_providers (
  org_id           uuid NOT NULL,
  booking_block_id uuid NOT NULL,
  provider_id      uuid NOT NULL,
  PRIMARY KEY (org_id, booking_block_id, provider_id),
  FOREIGN KEY (org_id, booking_block_id) REFERENCES booking_blocks (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, provider_id) REFERENCES providers (org_id, id)
);
CREATE INDEX booking_block_providers_provider_idx ON booking_block_providers (org_id, provider_id);

CREATE TABLE slots (
  org_id           uuid NOT NULL REFERENCES organizations (id),
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  booking_block_id uuid NOT NULL,
  start_at         timestamptz NOT NULL,
  end_at           timestamptz NOT NULL,
  -- The most chair-occupying (scheduled or complete) appointments the slot takes.
  capacity         integer NOT NULL CHECK (capacity > 0),
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  lockable         boolean NOT NULL DEFAULT true,
  metadata         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, booking_block_id) REFERENCES booking_blocks (org_id, id),
  CHECK (end_at > start_at)
);
CREATE INDEX slots_block_idx ON slots (org_id, booking_block_id, start_at);
CREATE INDEX slots_start_idx ON slots (org_id, start_at, id);
CREATE TRIGGER slots_updated_at BEFORE UPDATE ON slots
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The slot an appointment was booked into. A slot with linked scheduled or complete appointments cannot be
-- deleted; deleting one with only cancelled or broken ones unlinks them first (in code: a SET NULL action
-- would also null org_id).
ALTER TABLE appointments
  ADD COLUMN slot_id uuid,
  ADD FOREIGN KEY (org_id, slot_id) REFERENCES slots (org_id, id);
CREATE INDEX appointments_slot_idx ON appointments (org_id, slot_id) WHERE slot_id IS NOT NULL;

-- The slot a hold locks (POST /slots/{id}/lock); deleting the slot deletes its holds.
ALTER TABLE holds
  ADD COLUMN slot_id uuid,
  ADD FOREIGN KEY (org_id, slot_id) REFERENCES slots (org_id, id) ON DELETE CASCADE;
CREATE INDEX holds_slot_idx ON holds (org_id, slot_id) WHERE slot_id IS NOT NULL;
