//! Writes a generated corpus: `cargo run --release -p fixpath-corpus -- DIR [COUNT] [SEED]`,
//! or the benchmark's query mix: `… -- --queries FILE [COUNT] [SEED]`.

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--queries") {
        // `--queries FILE [COUNT] [SEED]`: the benchmark's fixed query mix, one per line.
        args.next();
        let file = args.next().unwrap_or_else(|| "target/bench/queries.txt".into());
        let count: usize = args.next().and_then(|c| c.parse().ok()).unwrap_or(1000);
        let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(7);
        let text = fixpath_corpus::queries(count, seed).join("\n") + "\n";
        if let Err(e) = std::fs::write(&file, text) {
            eprintln!("gen-corpus: cannot write {file}: {e}");
            std::process::exit(1);
        }
        return;
    }
    let dir = args.next().unwrap_or_else(|| "target/corpus".into());
    let count: usize = args.next().and_then(|c| c.parse().ok()).unwrap_or(10_000);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    let started = std::time::Instant::now();
    if let Err(e) = fixpath_corpus::write(std::path::Path::new(&dir), count, seed) {
        eprintln!("gen-corpus: cannot write {dir}: {e}");
        std::process::exit(1);
    }
    println!("wrote {count} articles to {dir} in {:.2?}", started.elapsed());
}
