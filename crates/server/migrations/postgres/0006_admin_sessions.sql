-- PostgreSQL twin of sqlite/0006.
CREATE TABLE admin_sessions (
    token_hash TEXT    PRIMARY KEY,
    username   TEXT    NOT NULL,
    expires_at BIGINT  NOT NULL
);
