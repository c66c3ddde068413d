-- The patient a slot lock keeps the slot for (POST /slots/{id}/lock with patient_uuid): only a booking of that
-- patient may convert the lock's hold. Null: the hold is for whoever carries its token (every plain hold, and a
-- lock taken without a patient). Deleting the patient deletes the holds kept for them.
ALTER TABLE holds
  ADD COLUMN patient_id uuid,
  ADD FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id) ON DELETE CASCADE;
CREATE INDEX holds_patient_idx ON holds (org_id, patient_id) WHERE patient_id IS NOT NULL;
