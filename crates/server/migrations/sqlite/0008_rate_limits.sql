-- Rate-limit windows per bucket (writes, votes, reports) and client key (a keyed hash of
-- the address, never the address), in the database so all server processes share them.
CREATE TABLE rate_limits (
    bucket       TEXT    NOT NULL,
    client       TEXT    NOT NULL,
    window_start INTEGER NOT NULL,  -- Unix ms
    count        INTEGER NOT NULL,
    PRIMARY KEY (bucket, client)
);
CREATE INDEX rate_limits_by_window ON rate_limits (window_start);
