-- PostgreSQL twin of sqlite/0008.
CREATE TABLE rate_limits (
    bucket       TEXT    NOT NULL,
    client       TEXT    NOT NULL,
    window_start BIGINT  NOT NULL,
    count        BIGINT  NOT NULL,
    PRIMARY KEY (bucket, client)
);
CREATE INDEX rate_limits_by_window ON rate_limits (window_start);
