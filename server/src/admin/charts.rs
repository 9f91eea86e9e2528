//! Charts drawn on the server as SVG: a daily trend and horizontal bars. No chart library and
//! no script reach the browser; colours come from the stylesheet (classes `c-1`…), so light and
//! dark themes both work, and every chart has a text alternative and its numbers in a table.

use std::fmt::Write as _;

/// Escapes text for SVG/HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The smallest "nice" number (1, 2 or 5 times a power of ten) at least `n`, and at least 1.
fn nice_ceiling(n: i64) -> i64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if step * m >= n.max(1) {
                return step * m;
            }
        }
        step *= 10;
    }
}

/// One line of a trend chart.
pub struct Series<'a> {
    /// Its name in the legend.
    pub name: &'a str,
    /// One value per day.
    pub values: Vec<i64>,
}

const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// A line per series over `days` (`YYYY-MM-DD`, one per value), described by `label`.
pub fn trend(label: &str, days: &[String], series: &[Series<'_>]) -> String {
    let max = nice_ceiling(series.iter().flat_map(|s| s.values.iter().copied()).max().unwrap_or(0));
    let n = days.len().max(1);
    let x = |i: usize| {
        if n == 1 {
            LEFT + (W - LEFT - RIGHT) / 2.0
        } else {
            LEFT + (W - LEFT - RIGHT) * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: i64| TOP + (H - TOP - BOTTOM) * (1.0 - v as f64 / max as f64);
    let mut svg = format!(
        r#"<svg class="chart trend" viewBox="0 0 {W} {H}" role="img" aria-label="{}" preserveAspectRatio="none">"#,
        esc(label)
    );
    for v in [0, max / 2, max] {
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">{v}</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            y(v) + 4.0,
            y = y(v)
        );
    }
    let ticks: Vec<usize> = if n <= 2 {
        (0..n).collect()
    } else {
        vec![0, n / 2, n - 1]
    };
    for i in ticks {
        let day = days.get(i).map_or("", |d| d.get(5..).unwrap_or(d));
        let anchor = if i == 0 && n > 1 {
            "start"
        } else if i == n - 1 && n > 1 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            svg,
            r#"<text class="axis" x="{:.1}" y="{}" text-anchor="{anchor}">{}</text>"#,
            x(i),
            H - 8.0,
            esc(day)
        );
    }
    for (k, s) in series.iter().enumerate() {
        let class = format!("c-{}", k + 1);
        if n == 1 {
            let v = s.values.first().copied().unwrap_or(0);
            let _ = write!(
                svg,
                r#"<circle class="{class}" cx="{:.1}" cy="{:.1}" r="4"/>"#,
                x(0),
                y(v)
            );
            continue;
        }
        let points: Vec<String> = s
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline class="line {class}" points="{}"><title>{}</title></polyline>"#,
            points.join(" "),
            esc(s.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One bar: a label and its parts, each a value and a colour number, and the text after it.
pub struct Bar {
    /// What the bar is.
    pub label: String,
    /// The parts, left to right: value and colour (1…4).
    pub parts: Vec<(i64, u8)>,
    /// Shown after the bar ("12 of 40, 30 %").
    pub note: String,
}

/// Horizontal bars, scaled to the longest, described by `label`.
pub fn bars(label: &str, bars: &[Bar]) -> String {
    const ROW: f64 = 44.0;
    let max = bars
        .iter()
        .map(|b| b.parts.iter().map(|p| p.0).sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let height = ROW * bars.len().max(1) as f64;
    let mut svg = format!(
        r#"<svg class="chart bars" viewBox="0 0 {W} {height}" role="img" aria-label="{}">"#,
        esc(label)
    );
    for (i, b) in bars.iter().enumerate() {
        let top = ROW * i as f64;
        let _ = write!(
            svg,
            r#"<text class="bar-label" x="0" y="{:.1}">{}</text>"#,
            top + 14.0,
            esc(&truncate(&b.label, 70))
        );
        let mut left = 0.0;
        for (value, colour) in &b.parts {
            let width = (W - 160.0) * *value as f64 / max as f64;
            if width > 0.0 {
                let _ = write!(
                    svg,
                    r#"<rect class="c-{colour}" x="{left:.1}" y="{:.1}" width="{width:.1}" height="16" rx="2"/>"#,
                    top + 20.0
                );
            }
            left += width;
        }
        let _ = write!(
            svg,
            r#"<text class="bar-note" x="{:.1}" y="{:.1}">{}</text>"#,
            left + 8.0,
            top + 33.0,
            esc(&b.note)
        );
    }
    svg.push_str("</svg>");
    svg
}

fn truncate(s: &str, chars: usize) -> String {
    match s.char_indices().nth(chars) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_what_writers_and_readers_wrote() {
        let svg = bars(
            "Causes",
            &[Bar {
                label: "<script>alert(1)</script>".into(),
                parts: vec![(3, 1), (1, 2)],
                note: "3 of 4".into(),
            }],
        );
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"));
        let t = trend(
            "Visits \"per\" day",
            &["2026-12-01".into(), "2026-12-02".into()],
            &[Series {
                name: "Visits",
                values: vec![0, 7],
            }],
        );
        assert!(t.contains(r#"aria-label="Visits &quot;per&quot; day""#), "{t}");
        assert!(t.contains("<polyline"), "{t}");
        assert!(t.contains(">10</text>"), "the axis ends at a round number: {t}");
    }

    #[test]
    fn axes_end_at_round_numbers() {
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(11), 20);
        assert_eq!(nice_ceiling(480), 500);
        assert_eq!(nice_ceiling(501), 1000);
    }
}
