//! The one HTML escape for text Fixpath writes into HTML itself (highlighted code, callout
//! titles, the dashboard's charts): everything else goes through Leptos' views or ammonia.

/// Appends `text` to `out` escaped for HTML text and quoted attributes (`&`, `<`, `>`, `"`).
pub fn escape_html_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}
