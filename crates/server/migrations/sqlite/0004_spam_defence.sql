-- Proof-of-work challenges already used: each works once, in any server process.
CREATE TABLE used_challenges (
    id         TEXT    PRIMARY KEY,
    expires_at INTEGER NOT NULL  -- Unix ms; rows past it are deleted as new ones arrive
);
