-- Attempts limited per key (enrolment attempts per source address), counted here rather than in each server
-- process's memory, so that every process on this database shares one count. A reserve takes a transaction-scoped
-- advisory lock on its kind and key, deletes that key's attempts older than the window, counts the rest and adds
-- one when allowed; refused attempts are not stored, so a key holds at most the limit's number of rows. Attempts of
-- keys that went quiet are deleted now and then by every process.
CREATE TABLE attempts (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  -- Milliseconds since 1970 (the server's clock when the attempt came).
  at BIGINT NOT NULL
);
CREATE INDEX attempts_kind_key_at ON attempts (kind, key, at);
