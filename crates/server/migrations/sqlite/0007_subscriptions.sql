-- Commenters who asked for a mail when someone replies (double opt-in).
CREATE TABLE subscriptions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    email      TEXT    NOT NULL,
    confirmed  INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX subscriptions_by_comment ON subscriptions (comment_id);
