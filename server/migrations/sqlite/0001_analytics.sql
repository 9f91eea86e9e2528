-- Outcome analytics and reader feedback (SQLite). Days are UTC dates as 'YYYY-MM-DD'; times are
-- Unix seconds. No table holds an address, a cookie or any other identifier of a person.

-- What happened at each node of each guide, per day: one row per (day, article, node, event,
-- detail), counted up as batches arrive. `detail` is the cause an event is about, or what had
-- been tried, or ''.
CREATE TABLE outcome_counts (
    day TEXT NOT NULL,
    article TEXT NOT NULL,
    node TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, article, node, event, detail)
) WITHOUT ROWID;

-- Searches submitted (not the live box's keystrokes), per day and normalised query, with the
-- number of results the last one had and how often a result was opened from it.
CREATE TABLE search_counts (
    day TEXT NOT NULL,
    query TEXT NOT NULL,
    results INTEGER NOT NULL,
    searches INTEGER NOT NULL,
    opens INTEGER NOT NULL,
    PRIMARY KEY (day, query)
) WITHOUT ROWID;

-- The events themselves, kept for --analytics-raw-days and then deleted (the counters stay).
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    event TEXT NOT NULL,
    article TEXT NOT NULL,
    node TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX events_at ON events (at);

-- "Was this helpful?" answers.
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    article TEXT NOT NULL,
    node TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    comment TEXT NOT NULL
);
CREATE INDEX feedback_at ON feedback (at);
