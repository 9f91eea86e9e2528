//! The `fixpath` command: parse flags, run the server, print the error chain on failure.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Fixpath: self-hosted troubleshooting guides that walk people through the fix.
#[derive(Debug, Parser)]
#[command(name = "fixpath", version, about, long_about = None)]
struct Cli {
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
    #[arg(long)]
    drafts: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();
    let config = server::Config {
        content: cli.content,
        addr: cli.addr,
        site_root: cli.site_root,
        drafts: cli.drafts,
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
