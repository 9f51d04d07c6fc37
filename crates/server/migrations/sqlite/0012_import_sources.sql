-- Which comment each imported comment became, by its source ("isso", "disqus",
-- "wordpress") and its id there: running an import again adds nothing it brought before,
-- and a reply imported later finds the comment it answers.
CREATE TABLE import_sources (
    source     TEXT    NOT NULL,
    source_id  TEXT    NOT NULL,
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    PRIMARY KEY (source, source_id)
);
