-- Outcome analytics and reader feedback (PostgreSQL): the same tables as the SQLite migration
-- of the same number. Days are UTC dates as 'YYYY-MM-DD'; times are Unix seconds. No table holds
-- an address, a cookie or any other identifier of a person.

CREATE TABLE outcome_counts (
    day TEXT NOT NULL,
    article TEXT NOT NULL,
    node TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (day, article, node, event, detail)
);

CREATE TABLE search_counts (
    day TEXT NOT NULL,
    query TEXT NOT NULL,
    results BIGINT NOT NULL,
    searches BIGINT NOT NULL,
    opens BIGINT NOT NULL,
    PRIMARY KEY (day, query)
);

CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    event TEXT NOT NULL,
    article TEXT NOT NULL,
    node TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX events_at ON events (at);

CREATE TABLE feedback (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    article TEXT NOT NULL,
    node TEXT NOT NULL,
    helpful BOOLEAN NOT NULL,
    comment TEXT NOT NULL
);
CREATE INDEX feedback_at ON feedback (at);
