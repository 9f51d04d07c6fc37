-- PostgreSQL twin of sqlite/0002.
ALTER TABLE comments ADD COLUMN parent_id BIGINT REFERENCES comments (id);
ALTER TABLE comments ADD COLUMN root_id BIGINT;
ALTER TABLE comments ADD COLUMN depth BIGINT NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN website TEXT;
ALTER TABLE comments ADD COLUMN avatar TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
ALTER TABLE comments ADD COLUMN edited_at BIGINT;
ALTER TABLE comments ADD COLUMN score BIGINT NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN idempotency_key TEXT;

UPDATE comments SET root_id = id WHERE root_id IS NULL;

CREATE UNIQUE INDEX comments_by_idempotency_key ON comments (idempotency_key);
CREATE INDEX comments_by_root ON comments (root_id, id);
CREATE INDEX comments_by_parent ON comments (parent_id);
CREATE INDEX comments_top_level ON comments (thread_id, parent_id, status, id);

CREATE TABLE votes (
    comment_id BIGINT  NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    voter      TEXT    NOT NULL,
    value      BIGINT  NOT NULL CHECK (value IN (-1, 1)),
    PRIMARY KEY (comment_id, voter)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
