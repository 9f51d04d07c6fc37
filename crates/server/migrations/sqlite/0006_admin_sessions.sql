-- Editors' login sessions: the cookie carries a random token, this table its keyed hash.
CREATE TABLE admin_sessions (
    token_hash TEXT    PRIMARY KEY,
    username   TEXT    NOT NULL,
    expires_at INTEGER NOT NULL  -- Unix ms
);
