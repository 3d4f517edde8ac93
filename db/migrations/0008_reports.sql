-- A birth date worked out from an age the desk typed ("about 28") is marked, so documents print it as an age and
-- never as an exact day. Existing patients keep 0: their dates were typed as dates. Record sync carries the column
-- like any other (sync/records.ts takes columns from the table).
ALTER TABLE `patients` ADD `dateOfBirthEstimated` integer DEFAULT 0 NOT NULL;
