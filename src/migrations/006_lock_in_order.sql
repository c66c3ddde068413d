-- Transaction-scoped advisory locks on several keys, taken strictly in the order given, in one round
-- trip: a booking locks its chair, then its providers sorted, and every writer must take them in the
-- same order so that two bookings never wait on each other crosswise.
CREATE FUNCTION lock_in_order(keys text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  k text;
BEGIN
  FOREACH k IN ARRAY keys LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(k, 0));
  END LOOP;
END
$$;
