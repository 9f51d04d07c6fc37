-- Letters to the editor move through the same statuses as corrections ('new',
-- 'in_progress', 'done', 'rejected'), so the editors see which ones are still open.
ALTER TABLE letters ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
CREATE INDEX letters_by_status ON letters (status, id);
