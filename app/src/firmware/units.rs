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
pub fn human_seconds(secs: f64) -> String {
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
}
