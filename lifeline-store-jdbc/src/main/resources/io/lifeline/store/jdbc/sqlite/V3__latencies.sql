-- Lifeline schema version 3 for SQLite: the latencies that p95 hedging learns from.

-- How long successful attempts ran, by agent kind (Write.RecordLatency), so that a restarted engine
-- hedges on what earlier processes measured. Only the newest samples of each kind are kept. The
-- newest row is never deleted, so a new row's pos is always the largest: pos orders the samples.
CREATE TABLE latencies (
  pos        INTEGER PRIMARY KEY,
  agent_kind TEXT NOT NULL,
  nanos      INTEGER NOT NULL
) STRICT;
-- Pruning one kind and reading all of them in order.
CREATE INDEX latencies_by_kind ON latencies (agent_kind, pos);
