-- What readers send the editors from the toolbar. Private: only the editors' API reads it.

CREATE TABLE corrections (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    uri            TEXT    NOT NULL,
    article_url    TEXT    NOT NULL,
    selection      TEXT    NOT NULL,
    context_before TEXT    NOT NULL,
    context_after  TEXT    NOT NULL,
    fragment_url   TEXT,
    category       TEXT    NOT NULL,  -- 'typo', 'fact', 'other'
    message        TEXT    NOT NULL,
    email          TEXT,
    status         TEXT    NOT NULL DEFAULT 'new',  -- 'new', 'in_progress', 'done', 'rejected'
    created_at     INTEGER NOT NULL
);
CREATE INDEX corrections_by_status ON corrections (status, id);

CREATE TABLE letters (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    uri            TEXT    NOT NULL,
    article_title  TEXT    NOT NULL,
    article_url    TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    city           TEXT    NOT NULL,
    email          TEXT    NOT NULL,
    address        TEXT,
    phone          TEXT,
    text           TEXT    NOT NULL,
    do_not_shorten INTEGER NOT NULL,
    consent        INTEGER NOT NULL,
    created_at     INTEGER NOT NULL
);
