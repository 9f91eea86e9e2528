//! Charts drawn on the server as SVG: a daily trend and horizontal bars. No chart library and
//! no script reach the browser; colours come from the stylesheet (classes `c-1`…), so light and
//! dark themes both work; text (labels, axes, figures) is HTML around the SVG, so it stays
//! readable at a phone's width, and every chart has a text alternative.

use std::fmt::Write as _;

/// Escapes text for SVG/HTML (the escape the Markdown renderer uses).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::content::escape::escape_html_into(&mut out, s);
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

/// The trend's drawing area, in SVG units. The SVG stretches to its box (lines keep their
/// width), so it has no text: the axis labels are HTML beside and under it, at the three
/// positions the stylesheet spaces out, and stay readable on a phone.
const W: f64 = 600.0;
const H: f64 = 200.0;

/// A line per series over `days` (`YYYY-MM-DD`, one per value), described by `label`.
pub fn trend(label: &str, days: &[String], series: &[Series<'_>]) -> String {
    let max = nice_ceiling(series.iter().flat_map(|s| s.values.iter().copied()).max().unwrap_or(0));
    let n = days.len().max(1);
    let x = |i: usize| if n == 1 { W / 2.0 } else { W * i as f64 / (n - 1) as f64 };
    let y = |v: i64| H * (1.0 - v as f64 / max as f64);
    let mut html = String::from(r#"<div class="trend-chart"><div class="y-axis" aria-hidden="true">"#);
    for v in [max, max / 2, 0] {
        let _ = write!(html, "<span>{v}</span>");
    }
    let _ = write!(
        html,
        r#"</div><svg class="chart trend" viewBox="0 0 {W} {H}" preserveAspectRatio="none" role="img" aria-label="{}">"#,
        esc(label)
    );
    for v in [0, max / 2, max] {
        let _ = write!(
            html,
            r#"<line class="grid" x1="0" x2="{W}" y1="{y:.1}" y2="{y:.1}"/>"#,
            y = y(v)
        );
    }
    for (k, s) in series.iter().enumerate() {
        let class = format!("c-{}", k + 1);
        let points: Vec<String> = if n == 1 {
            // One day: a short flat stroke, so the value is visible.
            let v = s.values.first().copied().unwrap_or(0);
            vec![
                format!("{:.1},{:.1}", W / 2.0 - 6.0, y(v)),
                format!("{:.1},{:.1}", W / 2.0 + 6.0, y(v)),
            ]
        } else {
            s.values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
                .collect()
        };
        let _ = write!(
            html,
            r#"<polyline class="line {class}" points="{}"><title>{}</title></polyline>"#,
            points.join(" "),
            esc(s.name)
        );
    }
    html.push_str(r#"</svg><div class="x-axis" aria-hidden="true">"#);
    let ticks: Vec<usize> = if n <= 2 {
        (0..n).collect()
    } else {
        vec![0, n / 2, n - 1]
    };
    for i in ticks {
        let day = days.get(i).map_or("", |d| d.get(5..).unwrap_or(d));
        let _ = write!(html, "<span>{}</span>", esc(day));
    }
    html.push_str("</div></div>");
    html
}

/// One bar: a label and its parts, each a value and a colour number, and the text under it.
pub struct Bar {
    /// What the bar is.
    pub label: String,
    /// The parts, left to right: value and colour (1…4).
    pub parts: Vec<(i64, u8)>,
    /// Shown under the bar ("chosen 12, worked 9").
    pub note: String,
}

/// Horizontal bars scaled to the longest, described by `label`: a list whose labels and notes
/// are text (read by screen readers, sized like the page's text) and whose bars are SVG.
pub fn bars(label: &str, bars: &[Bar]) -> String {
    let max = bars
        .iter()
        .map(|b| b.parts.iter().map(|p| p.0).sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut html = format!(r#"<ul class="chart bars" aria-label="{}">"#, esc(label));
    for b in bars {
        let _ = write!(
            html,
            r#"<li><span class="bar-label">{}</span><svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">"#,
            esc(&truncate(&b.label, 120))
        );
        let mut left = 0.0;
        for (value, colour) in &b.parts {
            let width = 100.0 * *value as f64 / max as f64;
            if width > 0.0 {
                let _ = write!(
                    html,
                    r#"<rect class="c-{colour}" x="{left:.2}" y="0" width="{width:.2}" height="10"/>"#
                );
            }
            left += width;
        }
        let _ = write!(html, r#"</svg><span class="bar-note">{}</span></li>"#, esc(&b.note));
    }
    html.push_str("</ul>");
    html
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
        assert!(t.contains("<span>10</span>"), "the axis ends at a round number: {t}");
        assert!(t.contains("<span>12-02</span>"), "{t}");
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
