-- One row per article that has (or had) comments, keyed by its URI (an absolute path).
CREATE TABLE threads (
    id         INTEGER PRIMARY KEY,
    uri        TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL  -- Unix time, milliseconds
);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so permalinks stay unique
    thread_id  INTEGER NOT NULL REFERENCES threads (id),
    author     TEXT    NOT NULL,
    email      TEXT,                               -- private: never returned by a public endpoint
    text       TEXT    NOT NULL,                   -- Markdown source, exactly as sent
    created_at INTEGER NOT NULL                    -- Unix time, milliseconds
);

CREATE INDEX comments_by_thread ON comments (thread_id, created_at, id);
