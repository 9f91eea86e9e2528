//! The `fixpath` command: serve the site (the default), or check a content folder.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{BufRead as _, IsTerminal, Write as _};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Fixpath: self-hosted troubleshooting guides that walk people through the fix.
#[derive(Debug, Parser)]
#[command(name = "fixpath", version, about, long_about = None, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Folder of Markdown articles to serve.
    #[arg(long, value_name = "DIR", default_value = "content", env = "FIXPATH_CONTENT")]
    content: PathBuf,
    /// Address and port to listen on.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:3000", env = "FIXPATH_ADDR")]
    addr: SocketAddr,
    /// Folder of the built site (wasm, JS, CSS and public files) [default: target/site, as built by cargo-leptos].
    #[arg(long, value_name = "DIR", env = "LEPTOS_SITE_ROOT")]
    site_root: Option<PathBuf>,
    /// Also publish articles marked `draft: true`.
    #[arg(long, env = "FIXPATH_DRAFTS")]
    drafts: bool,
    /// Reload when an article changes, refresh open pages, and show writers each article's problems on its page.
    #[arg(long, env = "FIXPATH_WATCH")]
    watch: bool,
    /// Folder of public files that image addresses like `/images/a.png` resolve in (for the image check).
    #[arg(long, value_name = "DIR", default_value = "public")]
    public: PathBuf,
    /// Seconds a client has to send a request's headers; also how long a kept-alive connection may sit idle.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600), env = "FIXPATH_HEADER_TIMEOUT")]
    header_timeout: u64,
    /// Seconds any request may take (the live-reload stream excepted); slower ones are answered 408.
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600), env = "FIXPATH_REQUEST_TIMEOUT")]
    request_timeout: u64,
    /// Connections open at once (kept under the open-file limit, which is raised to its maximum at start).
    #[arg(long, value_name = "N", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..=1_000_000), env = "FIXPATH_MAX_CONNECTIONS")]
    max_connections: u64,
    /// Searches run at once (the search page, the header box and /api/search share them); more wait their turn (first come, first served, within --request-timeout) [default: one per CPU].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024), env = "FIXPATH_SEARCHES")]
    searches: Option<u64>,
    /// Megabytes of memory for rendered pages and search answers, kept compressed and served to everyone who asks for the same address (ETag, 304); 0 turns the cache off.
    #[arg(long, value_name = "MB", default_value_t = 64, value_parser = clap::value_parser!(u64).range(0..=1_048_576), env = "FIXPATH_PAGE_CACHE")]
    page_cache: u64,
    /// Largest page or answer the page cache keeps, in kilobytes (uncompressed); larger ones are rendered each time.
    #[arg(long, value_name = "KB", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=1_048_576), env = "FIXPATH_PAGE_CACHE_ENTRY")]
    page_cache_entry: u64,
    /// Live-reload event streams open at once in watch mode, and per client address.
    #[arg(long, value_name = "TOTAL,PER_CLIENT", default_value = "256,8", value_parser = parse_pair, env = "FIXPATH_MAX_EVENT_STREAMS")]
    max_event_streams: (usize, usize),
    /// The site's public address (e.g. https://help.example.com), for absolute links such as the one in the support summary; without it they are relative. A client's Host header is never used.
    #[arg(long, value_name = "URL", value_parser = server::parse_public_url, env = "FIXPATH_PUBLIC_URL")]
    public_url: Option<String>,
    /// Let articles show images from other hosts; without it such images are shown as links and the Content-Security-Policy loads images from this site only.
    #[arg(long, env = "FIXPATH_ALLOW_REMOTE_IMAGES")]
    allow_remote_images: bool,
    /// Sites allowed to show these pages in a frame (e.g. your ticket desk), as CSP sources separated by spaces [default: this site only].
    #[arg(long, value_name = "SOURCES", value_parser = parse_frame_ancestors, env = "FIXPATH_FRAME_ANCESTORS")]
    frame_ancestors: Option<Vec<String>>,
    /// In watch mode, show each article's problems and the files kept offline to every visitor; by default only browsers on this machine see them (they name files and errors).
    #[arg(long, env = "FIXPATH_SHOW_PROBLEMS_TO_ALL")]
    show_problems_to_all: bool,
    /// Proxies (IP addresses, comma-separated) whose X-Forwarded-For names the real client, for the per-client caps and for who counts as local; nobody else's forwarded headers are read.
    #[arg(long, value_name = "IP[,IP…]", value_delimiter = ',', env = "FIXPATH_TRUSTED_PROXY")]
    trusted_proxy: Vec<std::net::IpAddr>,
    /// Folder of the SQLite database that keeps outcome counters and reader feedback (created on first start).
    #[arg(long, value_name = "DIR", default_value = "data", env = "FIXPATH_DATA")]
    data: PathBuf,
    /// Keep counters and feedback in this PostgreSQL database instead (postgres://user:password@host:port/db), so several servers share them.
    #[arg(long, value_name = "URL", env = "FIXPATH_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// Count nothing: no outcome or search counters (reader feedback, which readers send themselves, still works).
    #[arg(long, env = "FIXPATH_NO_ANALYTICS")]
    no_analytics: bool,
    /// Analytics events waiting to be written at most; when the database is slow or down, more are dropped (and counted in the log), never waited for.
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000), env = "FIXPATH_ANALYTICS_QUEUE")]
    analytics_queue: u64,
    /// Days the individual analytics events are kept; the daily counters made from them stay.
    #[arg(long, value_name = "DAYS", default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=3650), env = "FIXPATH_ANALYTICS_RAW_DAYS")]
    analytics_raw_days: u32,
    /// Days daily counters, search counters and feedback are kept.
    #[arg(long, value_name = "DAYS", default_value_t = 730, value_parser = clap::value_parser!(u32).range(1..=36500), env = "FIXPATH_ANALYTICS_KEEP_DAYS")]
    analytics_keep_days: u32,
    /// Visitor-and-page pairs remembered (in memory, for one day, as salted hashes) so a reload is not counted twice.
    #[arg(long, value_name = "N", default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(0..=100_000_000), env = "FIXPATH_ANALYTICS_DEDUPE")]
    analytics_dedupe: u64,
    /// Distinct search queries counted per day; further ones are counted as "(other)".
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000), env = "FIXPATH_ANALYTICS_QUERIES")]
    analytics_queries: u64,
    /// "Was this helpful?" answers accepted per minute from one client address.
    #[arg(long, value_name = "N", default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=10_000), env = "FIXPATH_FEEDBACK_RATE")]
    feedback_rate: u32,
    /// Seconds shutdown (SIGTERM, Ctrl-C) waits for open requests before the process exits anyway.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=600), env = "FIXPATH_SHUTDOWN_TIMEOUT")]
    shutdown_timeout: u64,
}

/// `TOTAL,PER_CLIENT`, both whole numbers of at least 1.
fn parse_pair(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = s.split_once(',').ok_or("write it as TOTAL,PER_CLIENT, e.g. 256,8")?;
    let n = |x: &str| {
        x.trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or(format!("`{x}` is not a whole number of at least 1"))
    };
    Ok((n(a)?, n(b)?))
}

/// CSP `frame-ancestors` sources: `https://host[:port]`, `'self'` or `'none'`, separated by spaces.
fn parse_frame_ancestors(s: &str) -> Result<Vec<String>, String> {
    let sources: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    for src in &sources {
        let ok = matches!(src.as_str(), "'self'" | "'none'")
            || server::parse_public_url(src).is_ok_and(|u| u == src.trim_end_matches('/'));
        if !ok {
            return Err(format!(
                "`{src}` is not a frame source: write origins such as https://desk.example.com, or 'self' or 'none'"
            ));
        }
    }
    if sources.is_empty() {
        return Err("give at least one source, e.g. https://desk.example.com".into());
    }
    Ok(sources)
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check every article and the collection as a whole; exit 1 on any error.
    Check(CheckArgs),
    /// Accounts of the people who run the site (readers never need one).
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add an account; its password is read from standard input (asked twice, unseen, on a terminal).
    Add {
        /// Login name: lowercase letters, digits, `.`, `_`, `-`, `@`.
        name: String,
        /// What the account may do: agent, writer (the dashboard) or admin.
        #[arg(long, value_enum, default_value_t = RoleArg::Writer)]
        role: RoleArg,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List accounts.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Remove an account and sign it out everywhere.
    Remove {
        /// Login name.
        name: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    Agent,
    Writer,
    Admin,
}

/// The server's database, as `fixpath` serving it was given.
#[derive(Debug, clap::Args)]
struct DbArgs {
    /// Folder of the SQLite database.
    #[arg(long, value_name = "DIR", default_value = "data", env = "FIXPATH_DATA")]
    data: PathBuf,
    /// A PostgreSQL database instead (postgres://…).
    #[arg(long, value_name = "URL", env = "FIXPATH_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Folder of Markdown articles.
    #[arg(value_name = "DIR", default_value = "content")]
    dir: PathBuf,
    /// Output for people (with the source lines) or JSON for editors and CI bots.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Print this article's decision tree as an outline instead.
    #[arg(long, value_name = "SLUG")]
    tree: Option<String>,
    /// Folder of public files that image addresses resolve in.
    #[arg(long, value_name = "DIR", default_value = "public")]
    public: PathBuf,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    // A plain `cargo build` compiles Leptos without the output name cargo-leptos passes; give it
    // at run time (before any thread starts) so Leptos neither warns nor links unnamed assets.
    if option_env!("LEPTOS_OUTPUT_NAME").is_none() && std::env::var_os("LEPTOS_OUTPUT_NAME").is_none() {
        std::env::set_var("LEPTOS_OUTPUT_NAME", server::OUTPUT_NAME);
    }
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check(args)) => check(args),
        Some(Command::User(cmd)) => user(cmd),
        None => serve(cli.serve),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let public = args.public.is_dir().then_some(args.public.as_path());
    if public.is_none() {
        eprintln!(
            "fixpath check: warning: no folder {}, so images are not checked (give the public folder with --public DIR)",
            args.public.display()
        );
    }
    let (report, library) = match server::check::check(&args.dir, public) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fixpath check: {e}");
            return ExitCode::from(2);
        }
    };
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut stdout = std::io::stdout().lock();
    if let Some(slug) = args.tree {
        return match library.article(&slug) {
            Some(a) => {
                let _ = stdout.write_all(server::check::outline(&a, library.path_of(&slug)).as_bytes());
                ExitCode::SUCCESS
            }
            None => {
                let mut known: Vec<&str> = library.summaries().iter().map(|s| s.slug.as_str()).collect();
                known.sort_by(|a, b| strsim::jaro_winkler(&slug, b).total_cmp(&strsim::jaro_winkler(&slug, a)));
                eprintln!("fixpath check: no article `{slug}` loads from {}", args.dir.display());
                let errors: Vec<_> = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.is_error() && server::content::slug_for(&d.path) == slug)
                    .collect();
                if errors.is_empty() {
                    eprintln!(
                        "  articles: {}",
                        known.iter().take(5).copied().collect::<Vec<_>>().join(", ")
                    );
                } else {
                    for d in errors {
                        eprintln!("  {d}");
                    }
                }
                ExitCode::FAILURE
            }
        };
    }
    let text = match args.format {
        Format::Human => server::check::render_human(&report, server::check::Style::new(color)),
        Format::Json => server::check::render_json(&report) + "\n",
    };
    let _ = stdout.write_all(text.as_bytes());
    ExitCode::from(report.exit_code())
}

fn user(cmd: UserCommand) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fixpath: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(user_command(cmd)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fixpath user: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn user_command(cmd: UserCommand) -> anyhow::Result<()> {
    use server::store::{Role, Store, User};
    let db = match &cmd {
        UserCommand::Add { db, .. } | UserCommand::List { db } | UserCommand::Remove { db, .. } => db,
    };
    let store = Store::open(&db.data, db.database_url.as_deref()).await?;
    match cmd {
        UserCommand::Add { name, role, .. } => {
            anyhow::ensure!(
                server::accounts::valid_name(&name),
                "`{name}` is not a login name: use 1 to 64 lowercase letters, digits, `.`, `_`, `-`, `@`"
            );
            let password = read_password(&name)?;
            server::accounts::check_password(&password).map_err(|e| anyhow::anyhow!(e))?;
            let hash = server::accounts::hash_password(&password)?;
            let role = match role {
                RoleArg::Agent => Role::Agent,
                RoleArg::Writer => Role::Writer,
                RoleArg::Admin => Role::Admin,
            };
            let user = User {
                name: name.clone(),
                role,
                created: server::store::now(),
            };
            anyhow::ensure!(
                store.add_user(&user, &hash).await?,
                "there is already an account `{name}` (remove it first to replace it)"
            );
            eprintln!("added {name} ({})", role.as_str());
        }
        UserCommand::List { .. } => {
            for u in store.users().await? {
                println!("{}\t{}\t{}", u.name, u.role.as_str(), server::store::day_of(u.created));
            }
        }
        UserCommand::Remove { name, .. } => {
            anyhow::ensure!(store.remove_user(&name).await?, "there is no account `{name}`");
            eprintln!("removed {name}");
        }
    }
    store.close().await;
    Ok(())
}

/// The new password: one line of standard input; on a terminal, asked twice without echo.
fn read_password(name: &str) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    let read_line = || -> anyhow::Result<String> {
        let mut line = String::new();
        // Bounded: a password is at most 1,024 characters.
        std::io::Read::take(stdin.lock(), 8192).read_line(&mut line)?;
        Ok(line.trim_end_matches(['\n', '\r']).to_string())
    };
    if !stdin.is_terminal() {
        return read_line();
    }
    let _quiet = NoEcho::new();
    eprint!("Password for {name}: ");
    let first = read_line()?;
    eprint!("\nAgain: ");
    let second = read_line()?;
    eprintln!();
    anyhow::ensure!(first == second, "the two passwords differ");
    Ok(first)
}

/// Turns the terminal's echo off while alive.
struct NoEcho(Option<libc::termios>);

impl NoEcho {
    fn new() -> NoEcho {
        // SAFETY: tcgetattr/tcsetattr on standard input with a zeroed, then filled, termios.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(0, &mut t) != 0 {
                return NoEcho(None);
            }
            let saved = t;
            t.c_lflag &= !libc::ECHO;
            libc::tcsetattr(0, libc::TCSANOW, &t);
            NoEcho(Some(saved))
        }
    }
}

impl Drop for NoEcho {
    fn drop(&mut self) {
        if let Some(t) = &self.0 {
            // SAFETY: restores the settings read in `new`.
            unsafe {
                libc::tcsetattr(0, libc::TCSANOW, t);
            }
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=warn,notify=warn".into()),
        )
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();
    if !args.public.is_dir() {
        tracing::warn!(
            "no folder {}, so image addresses in articles are not checked (give the public folder with --public DIR)",
            args.public.display()
        );
    }
    let config = server::Config {
        content: args.content,
        addr: args.addr,
        site_root: args.site_root,
        drafts: args.drafts,
        watch: args.watch,
        public: args.public.is_dir().then_some(args.public),
        public_url: args.public_url,
        security: server::headers::Security {
            frame_ancestors: args.frame_ancestors.unwrap_or_default(),
            remote_images: args.allow_remote_images,
            https: false,
        },
        show_problems_to_all: args.show_problems_to_all,
        data: args.data,
        database_url: args.database_url,
        retention: server::store::Retention {
            raw_days: args.analytics_raw_days,
            keep_days: args.analytics_keep_days,
        },
        analytics: (!args.no_analytics).then(|| server::analytics::Settings {
            queue: usize::try_from(args.analytics_queue).unwrap_or(usize::MAX),
            dedupe_entries: usize::try_from(args.analytics_dedupe).unwrap_or(usize::MAX),
            queries_per_day: usize::try_from(args.analytics_queries).unwrap_or(usize::MAX),
            ..Default::default()
        }),
        feedback_per_minute: args.feedback_rate,
        limits: server::net::Limits {
            header_timeout: Duration::from_secs(args.header_timeout),
            request_timeout: Duration::from_secs(args.request_timeout),
            max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
            max_event_streams: args.max_event_streams.0,
            max_event_streams_per_client: args.max_event_streams.1,
            shutdown_timeout: Duration::from_secs(args.shutdown_timeout),
            trusted_proxies: args.trusted_proxy,
            searches: args.searches.map_or_else(
                || server::net::Limits::default().searches,
                |n| usize::try_from(n).unwrap_or(1),
            ),
            page_cache: args.page_cache * 1024 * 1024,
            page_cache_entry: usize::try_from(args.page_cache_entry * 1024).unwrap_or(usize::MAX),
        },
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fixpath: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(server::serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fixpath: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
