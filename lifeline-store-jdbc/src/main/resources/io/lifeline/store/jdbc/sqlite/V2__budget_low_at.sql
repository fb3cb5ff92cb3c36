-- Lifeline schema version 2 for SQLite: a job's budget says when it counts as low (Budget.lowAt).
-- Jobs written by version 1 turned low with a quarter left, which the default keeps.
ALTER TABLE jobs ADD COLUMN low_at REAL NOT NULL DEFAULT 0.25;
