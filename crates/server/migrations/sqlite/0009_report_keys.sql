-- The client's key for a correction or letter: a retry after a lost answer is stored once.
ALTER TABLE corrections ADD COLUMN idempotency_key TEXT;
ALTER TABLE letters ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX corrections_by_idempotency_key ON corrections (idempotency_key);
CREATE UNIQUE INDEX letters_by_idempotency_key ON letters (idempotency_key);
