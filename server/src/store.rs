//! Where outcome counters, searches and reader feedback are kept: an SQLite file in the data
//! folder by default, or PostgreSQL when several servers share one database. Both run the same
//! versioned migrations (`server/migrations/{sqlite,postgres}`, applied at start) and the same
//! SQL, written once below; [`Store`] picks the pool.
//!
//! Nothing here knows about requests: `analytics` decides what is counted and hands over
//! batches; `feedback` hands over one answer and waits for it to be on disk.

use anyhow::Context as _;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::QueryBuilder;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr as _;
use std::time::Duration;

/// The file in the data folder that holds the SQLite database.
pub const SQLITE_FILE: &str = "fixpath.db";

/// How long a statement waits for a lock or a connection before it fails (a stuck database must
/// not hold requests: the analytics queue drops, feedback answers "try again").
const WAIT: Duration = Duration::from_secs(5);

/// Rows per multi-row statement (well under both databases' bound-parameter limits).
const ROWS_PER_STATEMENT: usize = 500;

/// The database: one pool, of either kind.
#[derive(Clone, Debug)]
pub enum Store {
    /// An SQLite file (WAL mode, synchronous commits).
    Sqlite(sqlx::SqlitePool),
    /// A PostgreSQL server.
    Postgres(sqlx::PgPool),
}

/// Runs `$body` with `$pool` bound to whichever pool the store has: the SQL is the same text for
/// both (`$1` placeholders, `ON CONFLICT … DO UPDATE`, `CAST(… AS BIGINT)` work in both).
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store {
            Store::Sqlite($pool) => $body,
            Store::Postgres($pool) => $body,
        }
    };
}

/// One counter of what happened at a node of a guide on a day.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountKey {
    /// UTC date, `YYYY-MM-DD`.
    pub day: String,
    /// Article slug.
    pub article: String,
    /// Node id (`start`, `fix/checksum/1`, `resolved`, …).
    pub node: String,
    /// What happened (`view`, `chosen`, `worked`, …).
    pub event: String,
    /// The cause it was about, what had been tried, or "".
    pub detail: String,
}

/// A search's counters on a day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchTally {
    /// Results the most recent of these searches had.
    pub results: i64,
    /// Searches submitted.
    pub searches: i64,
    /// Results opened from them.
    pub opens: i64,
}

/// One event as it happened (kept for `--analytics-raw-days`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RawEvent {
    /// Unix seconds.
    pub at: i64,
    /// What happened.
    pub event: String,
    /// Article slug, or "" for a search.
    pub article: String,
    /// Node id, or "".
    pub node: String,
    /// Cause, trail or query.
    pub detail: String,
}

/// What one flush writes, in one transaction.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    /// The events.
    pub events: Vec<RawEvent>,
    /// Their node counters, summed.
    pub counts: BTreeMap<CountKey, i64>,
    /// Their search counters, by day and normalised query.
    pub searches: BTreeMap<(String, String), SearchTally>,
}

impl Batch {
    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.counts.is_empty() && self.searches.is_empty()
    }
}

/// A reader's answer to "Was this helpful?".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct Feedback {
    /// Unix seconds.
    pub at: i64,
    /// Article slug.
    pub article: String,
    /// Node id the answer was given on.
    pub node: String,
    /// Yes or no.
    pub helpful: bool,
    /// The optional comment ("" when none).
    pub comment: String,
}

/// What an account may do; each role may do what the ones before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A support agent (no dashboard yet).
    Agent,
    /// A writer: the dashboard.
    Writer,
    /// Everything.
    Admin,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Writer => "writer",
            Role::Admin => "admin",
        }
    }

    /// A role by its name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "agent" => Some(Role::Agent),
            "writer" => Some(Role::Writer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// An account of someone who runs the site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    /// Login name.
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// Unix seconds.
    pub created: i64,
}

/// A counter summed over a period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct CountRow {
    /// Article slug.
    pub article: String,
    /// Node id.
    pub node: String,
    /// What happened.
    pub event: String,
    /// Cause, trail or "".
    pub detail: String,
    /// How often.
    pub count: i64,
}

/// A search's counters summed over a period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct SearchRow {
    /// The normalised query.
    pub query: String,
    /// Results these searches had at most (-1 when no search of it was looked up).
    pub results: i64,
    /// Searches.
    pub searches: i64,
    /// Results opened.
    pub opens: i64,
}

impl Store {
    /// Opens the PostgreSQL database at `url` when one is given, else the SQLite file in
    /// `data_dir` (created with the folder when missing), and brings its tables up to date.
    pub async fn open(data_dir: &Path, database_url: Option<&str>) -> anyhow::Result<Store> {
        match database_url {
            Some(url) => Store::open_postgres(url).await,
            None => Store::open_sqlite(data_dir).await,
        }
    }

    /// The SQLite database in `data_dir`.
    pub async fn open_sqlite(data_dir: &Path) -> anyhow::Result<Store> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("creating the data folder {}", data_dir.display()))?;
        let file = data_dir.join(SQLITE_FILE);
        let options = SqliteConnectOptions::new()
            .filename(&file)
            .create_if_missing(true)
            // Readers never block the writer; a commit is in the log file before it returns,
            // so an answer the reader saw acknowledged survives the process being killed.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(WAIT)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(WAIT)
            .connect_with(options)
            .await
            .with_context(|| format!("opening the database {}", file.display()))?;
        sqlx::migrate!("migrations/sqlite")
            .run(&pool)
            .await
            .with_context(|| format!("updating the tables of {}", file.display()))?;
        Ok(Store::Sqlite(pool))
    }

    /// The PostgreSQL database at `url` (`postgres://user:password@host:port/db`).
    pub async fn open_postgres(url: &str) -> anyhow::Result<Store> {
        let options = PgConnectOptions::from_str(url).context("reading --database-url")?;
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(WAIT)
            .connect_with(options)
            .await
            .context("connecting to the PostgreSQL database")?;
        // PostgreSQL migrations hold an advisory lock: servers starting together migrate once.
        sqlx::migrate!("migrations/postgres")
            .run(&pool)
            .await
            .context("updating the PostgreSQL tables")?;
        Ok(Store::Postgres(pool))
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Writes a batch of events and adds its counters, all or nothing.
    pub async fn write(&self, batch: &Batch) -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for chunk in batch.events.chunks(ROWS_PER_STATEMENT) {
                let mut q = QueryBuilder::new("INSERT INTO events (at, event, article, node, detail) ");
                q.push_values(chunk, |mut row, e| {
                    row.push_bind(e.at)
                        .push_bind(e.event.as_str())
                        .push_bind(e.article.as_str())
                        .push_bind(e.node.as_str())
                        .push_bind(e.detail.as_str());
                });
                q.build().execute(&mut *tx).await?;
            }
            let counts: Vec<_> = batch.counts.iter().collect();
            for chunk in counts.chunks(ROWS_PER_STATEMENT) {
                let mut q = QueryBuilder::new("INSERT INTO outcome_counts (day, article, node, event, detail, count) ");
                q.push_values(chunk, |mut row, (k, n)| {
                    row.push_bind(k.day.as_str())
                        .push_bind(k.article.as_str())
                        .push_bind(k.node.as_str())
                        .push_bind(k.event.as_str())
                        .push_bind(k.detail.as_str())
                        .push_bind(**n);
                });
                q.push(
                    " ON CONFLICT (day, article, node, event, detail) \
                     DO UPDATE SET count = outcome_counts.count + excluded.count",
                );
                q.build().execute(&mut *tx).await?;
            }
            let searches: Vec<_> = batch.searches.iter().collect();
            for chunk in searches.chunks(ROWS_PER_STATEMENT) {
                let mut q = QueryBuilder::new("INSERT INTO search_counts (day, query, results, searches, opens) ");
                q.push_values(chunk, |mut row, ((day, query), t)| {
                    row.push_bind(day.as_str())
                        .push_bind(query.as_str())
                        .push_bind(t.results)
                        .push_bind(t.searches)
                        .push_bind(t.opens);
                });
                // An open without a search in this batch (results -1) keeps the known count.
                q.push(
                    " ON CONFLICT (day, query) DO UPDATE SET \
                     results = CASE WHEN excluded.results < 0 THEN search_counts.results ELSE excluded.results END, \
                     searches = search_counts.searches + excluded.searches, \
                     opens = search_counts.opens + excluded.opens",
                );
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Stores one answer to "Was this helpful?"; returns once it is committed.
    pub async fn add_feedback(&self, f: &Feedback) -> anyhow::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("INSERT INTO feedback (at, article, node, helpful, comment) VALUES ($1, $2, $3, $4, $5)")
                .bind(f.at)
                .bind(f.article.as_str())
                .bind(f.node.as_str())
                .bind(f.helpful)
                .bind(f.comment.as_str())
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Deletes raw events older than `events_before` (Unix seconds) and counters and feedback
    /// of days before `counts_before` (`YYYY-MM-DD`); returns the rows deleted.
    pub async fn expire(&self, events_before: i64, counts_before: &str) -> anyhow::Result<u64> {
        let feedback_before = day_start(counts_before).unwrap_or(0);
        with_pool!(self, pool => {
            let mut n = sqlx::query("DELETE FROM events WHERE at < $1").bind(events_before).execute(pool).await?.rows_affected();
            n += sqlx::query("DELETE FROM outcome_counts WHERE day < $1").bind(counts_before).execute(pool).await?.rows_affected();
            n += sqlx::query("DELETE FROM search_counts WHERE day < $1").bind(counts_before).execute(pool).await?.rows_affected();
            n += sqlx::query("DELETE FROM feedback WHERE at < $1").bind(feedback_before).execute(pool).await?.rows_affected();
            n += sqlx::query("DELETE FROM sessions WHERE expires < $1").bind(now()).execute(pool).await?.rows_affected();
            Ok(n)
        })
    }

    /// Node counters summed over the days `from..=to` (`YYYY-MM-DD`), for one article or all.
    pub async fn counts(&self, article: Option<&str>, from: &str, to: &str) -> anyhow::Result<Vec<CountRow>> {
        with_pool!(self, pool => {
            let rows = sqlx::query_as::<_, CountRow>(
                "SELECT article, node, event, detail, CAST(SUM(count) AS BIGINT) AS count FROM outcome_counts \
                 WHERE day >= $1 AND day <= $2 AND ($3 = '' OR article = $3) \
                 GROUP BY article, node, event, detail ORDER BY article, node, event, detail",
            )
            .bind(from)
            .bind(to)
            .bind(article.unwrap_or(""))
            .fetch_all(pool)
            .await?;
            Ok(rows)
        })
    }

    /// Search counters summed over the days `from..=to`, most searched first.
    pub async fn searches(&self, from: &str, to: &str, limit: i64) -> anyhow::Result<Vec<SearchRow>> {
        with_pool!(self, pool => {
            let rows = sqlx::query_as::<_, SearchRow>(
                "SELECT query, CAST(MAX(results) AS BIGINT) AS results, CAST(SUM(searches) AS BIGINT) AS searches, \
                 CAST(SUM(opens) AS BIGINT) AS opens FROM search_counts WHERE day >= $1 AND day <= $2 \
                 GROUP BY query ORDER BY searches DESC, query LIMIT $3",
            )
            .bind(from)
            .bind(to)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            Ok(rows)
        })
    }

    /// The newest `limit` feedback answers given at or after `since` (Unix seconds), for one
    /// article or all.
    pub async fn feedback(&self, article: Option<&str>, since: i64, limit: i64) -> anyhow::Result<Vec<Feedback>> {
        with_pool!(self, pool => {
            let rows = sqlx::query_as::<_, Feedback>(
                "SELECT at, article, node, helpful, comment FROM feedback WHERE at >= $1 AND ($3 = '' OR article = $3) \
                 ORDER BY at DESC, id DESC LIMIT $2",
            )
            .bind(since)
            .bind(limit)
            .bind(article.unwrap_or(""))
            .fetch_all(pool)
            .await?;
            Ok(rows)
        })
    }

    /// Per article, the "Was this helpful?" answers given at or after `since`: `(article, yes, no)`.
    pub async fn helpful(&self, since: i64) -> anyhow::Result<Vec<(String, i64, i64)>> {
        with_pool!(self, pool => {
            let rows = sqlx::query_as::<_, (String, i64, i64)>(
                "SELECT article, CAST(SUM(CASE WHEN helpful THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(SUM(CASE WHEN helpful THEN 0 ELSE 1 END) AS BIGINT) FROM feedback WHERE at >= $1 \
                 GROUP BY article ORDER BY article",
            )
            .bind(since)
            .fetch_all(pool)
            .await?;
            Ok(rows)
        })
    }

    /// The raw events at or after `since`, oldest first (at most `limit`).
    pub async fn events(&self, since: i64, limit: i64) -> anyhow::Result<Vec<RawEvent>> {
        with_pool!(self, pool => {
            let rows = sqlx::query_as::<_, RawEvent>(
                "SELECT at, event, article, node, detail FROM events WHERE at >= $1 ORDER BY id LIMIT $2",
            )
            .bind(since)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            Ok(rows)
        })
    }

    /// Daily sums of `events` over `from..=to`, for one article or all: `(day, event, count)`,
    /// by day (page views left out: `entered` counts visits).
    pub async fn daily(
        &self,
        article: Option<&str>,
        from: &str,
        to: &str,
    ) -> anyhow::Result<Vec<(String, String, i64)>> {
        with_pool!(self, pool => {
            let rows = sqlx::query_as::<_, (String, String, i64)>(
                "SELECT day, event, CAST(SUM(count) AS BIGINT) FROM outcome_counts \
                 WHERE day >= $1 AND day <= $2 AND ($3 = '' OR article = $3) \
                 AND event <> 'view' \
                 GROUP BY day, event ORDER BY day, event",
            )
            .bind(from)
            .bind(to)
            .bind(article.unwrap_or(""))
            .fetch_all(pool)
            .await?;
            Ok(rows)
        })
    }

    /// Adds an account; false when the name is taken.
    pub async fn add_user(&self, user: &User, password_hash: &str) -> anyhow::Result<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "INSERT INTO users (name, role, password_hash, created) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING",
            )
            .bind(user.name.as_str())
            .bind(user.role.as_str())
            .bind(password_hash)
            .bind(user.created)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Every account, by name.
    pub async fn users(&self) -> anyhow::Result<Vec<User>> {
        with_pool!(self, pool => {
            let rows: Vec<(String, String, i64)> =
                sqlx::query_as("SELECT name, role, created FROM users ORDER BY name").fetch_all(pool).await?;
            Ok(rows
                .into_iter()
                .map(|(name, role, created)| User { name, role: Role::parse(&role).unwrap_or(Role::Agent), created })
                .collect())
        })
    }

    /// The account `name` and its password hash.
    pub async fn user(&self, name: &str) -> anyhow::Result<Option<(User, String)>> {
        with_pool!(self, pool => {
            let row: Option<(String, String, i64, String)> =
                sqlx::query_as("SELECT name, role, created, password_hash FROM users WHERE name = $1")
                    .bind(name)
                    .fetch_optional(pool)
                    .await?;
            Ok(row.map(|(name, role, created, hash)| {
                (User { name, role: Role::parse(&role).unwrap_or(Role::Agent), created }, hash)
            }))
        })
    }

    /// Deletes an account and its sessions; false when there was none.
    pub async fn remove_user(&self, name: &str) -> anyhow::Result<bool> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM sessions WHERE user_name = $1").bind(name).execute(&mut *tx).await?;
            let n = sqlx::query("DELETE FROM users WHERE name = $1").bind(name).execute(&mut *tx).await?.rows_affected();
            tx.commit().await?;
            Ok(n == 1)
        })
    }

    /// Stores a session (by the hash of its token) until `expires` (Unix seconds).
    pub async fn add_session(&self, token_hash: &str, user: &str, csrf: &str, expires: i64) -> anyhow::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("INSERT INTO sessions (token_hash, user_name, csrf, created, expires) VALUES ($1, $2, $3, $4, $5)")
                .bind(token_hash)
                .bind(user)
                .bind(csrf)
                .bind(now())
                .bind(expires)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The live session with this token hash: its account and CSRF token.
    pub async fn session(&self, token_hash: &str) -> anyhow::Result<Option<(User, String)>> {
        with_pool!(self, pool => {
            let row: Option<(String, String, i64, String)> = sqlx::query_as(
                "SELECT u.name, u.role, u.created, s.csrf FROM sessions s JOIN users u ON u.name = s.user_name \
                 WHERE s.token_hash = $1 AND s.expires > $2",
            )
            .bind(token_hash)
            .bind(now())
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(name, role, created, csrf)| {
                (User { name, role: Role::parse(&role).unwrap_or(Role::Agent), created }, csrf)
            }))
        })
    }

    /// Ends a session.
    pub async fn remove_session(&self, token_hash: &str) -> anyhow::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
            Ok(())
        })
    }

    /// Waits for open statements and closes the pool.
    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await);
    }
}

/// How long what is stored is kept (`--analytics-raw-days`, `--analytics-keep-days`).
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    /// Days raw events are kept.
    pub raw_days: u32,
    /// Days counters, searches and feedback are kept.
    pub keep_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            raw_days: 7,
            keep_days: 730,
        }
    }
}

/// Deletes what has expired now and then every hour, whatever else runs (feedback is kept
/// `keep_days` even with analytics off); each round gives up after a minute.
pub async fn expire_forever(store: Store, retention: Retention) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        let now = now();
        let raw_before = now - i64::from(retention.raw_days) * 86_400;
        let keep_from = day_of(now - i64::from(retention.keep_days) * 86_400);
        match tokio::time::timeout(Duration::from_secs(60), store.expire(raw_before, &keep_from)).await {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => tracing::info!("{n} expired rows deleted"),
            Ok(Err(e)) => tracing::warn!("deleting expired rows: {e:#}"),
            Err(_) => tracing::warn!("deleting expired rows took over a minute; trying again in an hour"),
        }
    }
}

/// Unix seconds at the start (UTC) of a `YYYY-MM-DD` day.
fn day_start(day: &str) -> Option<i64> {
    let mut parts = day.splitn(3, '-').map(str::parse::<i32>);
    let (y, m, d) = (parts.next()?.ok()?, parts.next()?.ok()?, parts.next()?.ok()?);
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    let date = time::Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp())
}

/// The UTC day of a Unix time, `YYYY-MM-DD`.
pub fn day_of(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let (y, m, d) = (t.year(), u8::from(t.month()), t.day());
    format!("{y:04}-{m:02}-{d:02}")
}

/// Unix seconds now.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_utc_dates() {
        assert_eq!(day_of(0), "1970-01-01");
        assert_eq!(day_of(1_796_256_000), "2026-12-03");
        assert_eq!(day_start("2026-12-03"), Some(1_796_256_000));
        assert_eq!(day_start("someday"), None);
    }
}
