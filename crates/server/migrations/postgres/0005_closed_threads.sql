-- PostgreSQL twin of sqlite/0005.
ALTER TABLE threads ADD COLUMN closed BIGINT NOT NULL DEFAULT 0;
