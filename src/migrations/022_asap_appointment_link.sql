-- A deleted appointment puts the ASAP entries scheduled into it back to waiting, as a cancelled or broken one does
-- (issue 13): the waitlist's appointment listener does it in the delete's transaction, finding the entries by their
-- link. ON DELETE SET NULL cleared that link before the listener ran (referential actions fire at the end of the
-- DELETE statement and cannot be deferred), so the link is now checked at commit instead: by then the listener has
-- cleared it on every entry that named the appointment. The schema stays the backstop: a delete that left an entry
-- naming the appointment fails (23503 at COMMIT) rather than leave the list wrong.
ALTER TABLE asap_entries DROP CONSTRAINT asap_entries_org_id_appointment_id_fkey;
ALTER TABLE asap_entries ADD CONSTRAINT asap_entries_appointment_fkey
  FOREIGN KEY (org_id, appointment_id) REFERENCES appointments (org_id, id) DEFERRABLE INITIALLY DEFERRED;
