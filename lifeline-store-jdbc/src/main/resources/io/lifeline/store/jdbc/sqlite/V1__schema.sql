-- Lifeline schema version 1 for SQLite.
-- Migrations splits this file at semicolons that end a line; lines starting with -- are comments.
-- STRICT tables refuse values of the wrong type instead of storing them silently.
-- Instants are INTEGER nanoseconds since the epoch (see Columns).

-- Marks the file as Lifeline's: a database with tables but without this one is refused, not changed.
CREATE TABLE lifeline_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
INSERT INTO lifeline_meta (key, value) VALUES ('application', 'lifeline');

-- pos is the submission order. Rows are upserted, never deleted and re-inserted, so a replaced job
-- keeps its place; an explicit INTEGER PRIMARY KEY also survives VACUUM, which may renumber rowids.
CREATE TABLE jobs (
  pos             INTEGER PRIMARY KEY,
  job_id          TEXT NOT NULL UNIQUE,
  workflow        TEXT NOT NULL,
  input           TEXT NOT NULL, -- KeyValueText
  idempotency_key TEXT NOT NULL UNIQUE,
  state           TEXT NOT NULL,
  max_attempts    INTEGER NOT NULL,
  max_tokens      INTEGER NOT NULL,
  max_cost        REAL NOT NULL,
  attempts_used   INTEGER NOT NULL,
  tokens_used     INTEGER NOT NULL,
  cost_used       REAL NOT NULL,
  submitted_at    INTEGER NOT NULL,
  finished_at     INTEGER,
  reason          TEXT NOT NULL
) STRICT;
-- unfinishedJobs() and jobs(state, limit), in submission order.
CREATE INDEX jobs_by_state ON jobs (state, pos);

-- Foreign keys are deferred to COMMIT so that a batch may write a step before its job.
CREATE TABLE steps (
  pos             INTEGER PRIMARY KEY,
  job_id          TEXT NOT NULL REFERENCES jobs (job_id) DEFERRABLE INITIALLY DEFERRED,
  step_id         TEXT NOT NULL,
  state           TEXT NOT NULL,
  attempt         INTEGER NOT NULL,
  agent_id        TEXT NOT NULL,
  variant         INTEGER NOT NULL,
  not_before      INTEGER,
  preferred_agent TEXT NOT NULL,
  history         TEXT NOT NULL, -- AttemptHistoryCodec
  reason          TEXT NOT NULL,
  UNIQUE (job_id, step_id)
) STRICT;

CREATE TABLE outputs (
  job_id     TEXT NOT NULL,
  step_id    TEXT NOT NULL,
  media_type TEXT NOT NULL,
  content    BLOB NOT NULL,
  metadata   TEXT NOT NULL, -- KeyValueText
  tokens     INTEGER NOT NULL,
  cost       REAL NOT NULL,
  PRIMARY KEY (job_id, step_id),
  FOREIGN KEY (job_id, step_id) REFERENCES steps (job_id, step_id) DEFERRABLE INITIALLY DEFERRED
) STRICT;

CREATE TABLE checkpoints (
  job_id   TEXT NOT NULL,
  step_id  TEXT NOT NULL,
  seq      INTEGER NOT NULL,
  attempt  INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  kind     TEXT NOT NULL,
  state    BLOB NOT NULL,
  progress INTEGER NOT NULL,
  PRIMARY KEY (job_id, step_id, seq),
  FOREIGN KEY (job_id, step_id) REFERENCES steps (job_id, step_id) DEFERRABLE INITIALLY DEFERRED
) STRICT;

-- AUTOINCREMENT: a seq is never reused, even if the newest rows are ever purged, so a reader paging
-- with events(afterSeq, …) never mistakes a new event for one it has seen.
-- job_id is '' for agent events and has no foreign key: the history is a log of anything reported.
CREATE TABLE events (
  seq    INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL,
  at     INTEGER NOT NULL,
  type   TEXT NOT NULL,
  json   TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_job ON events (job_id, seq);
