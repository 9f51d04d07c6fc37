-- PostgreSQL twin of sqlite/0004.
CREATE TABLE used_challenges (
    id         TEXT    PRIMARY KEY,
    expires_at BIGINT  NOT NULL
);
