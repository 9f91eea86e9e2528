//! Sizes and durations as people read them, for progress lines and results.

/// Bytes as people read them: `0 B`, `512 KB`, `1.4 GB` (decimal units, as file managers show).
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else if v < 10.0 {
        format!("{v:.1} {}", UNITS[unit])
    } else {
        format!("{v:.0} {}", UNITS[unit])
    }
}

/// "3 s", "2 min 5 s": a duration for a progress line.
fn human_seconds(secs: f64) -> String {
    if !secs.is_finite() || secs < 0.0 {
        return "…".to_string();
    }
    let s = secs.ceil() as u64;
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

/// The line under the progress bar: `42% · 310 MB/s · 3 s left`, or `Starting…` before the
/// worker's first report.
pub fn progress_line(done: f64, total: f64, elapsed_ms: f64) -> String {
    if elapsed_ms > 0.0 {
        let pct = if total > 0.0 {
            (done / total * 100.0).floor()
        } else {
            0.0
        };
        let rate = done / (elapsed_ms / 1000.0);
        let left = if rate > 0.0 { (total - done) / rate } else { f64::NAN };
        format!(
            "{pct:.0}% · {}/s · {} left",
            human_bytes(rate as u64),
            human_seconds(left)
        )
    } else {
        "Starting…".to_string()
    }
}

/// What follows a checked file's name: ` · 1.0 MB · checked in 0.3 s (3.5 MB/s)`.
pub fn checked_line(total: f64, elapsed_ms: f64) -> String {
    let speed = if elapsed_ms > 0.0 {
        total / (elapsed_ms / 1000.0)
    } else {
        0.0
    };
    format!(
        " · {} · checked in {:.1} s ({}/s)",
        human_bytes(total as u64),
        elapsed_ms / 1000.0,
        human_bytes(speed as u64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_read_well() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1_048_577), "1.0 MB");
        assert_eq!(human_bytes(4_294_967_296), "4.3 GB");
        assert_eq!(human_seconds(2.1), "3 s");
        assert_eq!(human_seconds(125.0), "2 min 5 s");
        assert_eq!(human_seconds(f64::INFINITY), "…");
    }
    #[test]
    fn progress_and_result_lines_read_well() {
        assert_eq!(progress_line(0.0, 1e9, 0.0), "Starting…");
        assert_eq!(progress_line(2.5e8, 1e9, 1000.0), "25% · 250 MB/s · 3 s left");
        assert_eq!(progress_line(0.0, 1e9, 10.0), "0% · 0 B/s · … left", "no byte read yet");
        assert_eq!(progress_line(0.0, 0.0, 10.0), "0% · 0 B/s · … left", "an empty file");
        assert_eq!(
            checked_line(1_048_577.0, 300.0),
            " · 1.0 MB · checked in 0.3 s (3.5 MB/s)"
        );
        assert_eq!(checked_line(0.0, 0.0), " · 0 B · checked in 0.0 s (0 B/s)");
    }
}
