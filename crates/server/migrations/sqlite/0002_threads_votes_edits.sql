-- Replies, authors' websites and avatars, moderation and deletion states, edits, votes,
-- idempotent posting; and a place for server-generated secrets.

ALTER TABLE comments ADD COLUMN parent_id INTEGER REFERENCES comments (id);
-- The top-level comment a reply belongs to (its own id for a top-level comment): one
-- page of comments is "these top-level comments and everything under them".
ALTER TABLE comments ADD COLUMN root_id INTEGER;
ALTER TABLE comments ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN website TEXT;
-- Opaque keyed hash of the author (see store.rs); never an e-mail hash.
ALTER TABLE comments ADD COLUMN avatar TEXT NOT NULL DEFAULT '';
-- 'published', 'pending' (held for the editors) or 'deleted' (placeholder with replies).
ALTER TABLE comments ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
ALTER TABLE comments ADD COLUMN edited_at INTEGER;
-- Sum of the votes, kept in step with the votes table in the same transaction.
ALTER TABLE comments ADD COLUMN score INTEGER NOT NULL DEFAULT 0;
-- The client's key for this comment: a retry with the same key returns this comment.
ALTER TABLE comments ADD COLUMN idempotency_key TEXT;

UPDATE comments SET root_id = id WHERE root_id IS NULL;

CREATE UNIQUE INDEX comments_by_idempotency_key ON comments (idempotency_key);
CREATE INDEX comments_by_root ON comments (root_id, id);
CREATE INDEX comments_by_parent ON comments (parent_id);
CREATE INDEX comments_top_level ON comments (thread_id, parent_id, status, id);

-- One vote per voter per comment. `voter` is a keyed hash of the widget's random voter id.
CREATE TABLE votes (
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    voter      TEXT    NOT NULL,
    value      INTEGER NOT NULL CHECK (value IN (-1, 1)),
    PRIMARY KEY (comment_id, voter)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
