-- (PostgreSQL twin of sqlite/0010.)
-- A counter per article, bumped in the same transaction as every change readers could
-- see (a comment added, edited, deleted, voted on or moderated; the article closed):
-- server processes keep rendered pages while it stays the same.
ALTER TABLE threads ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
