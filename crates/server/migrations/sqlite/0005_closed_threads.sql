-- Editors can close an article for new comments (existing ones stay visible).
ALTER TABLE threads ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;
