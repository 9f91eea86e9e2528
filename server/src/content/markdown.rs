//! Markdown to sanitised HTML and plain text: the one place pulldown-cmark output becomes
//! something the browser sees. Raw HTML goes through ammonia, so scripts, event handlers,
//! `javascript:` URLs and iframes never reach a page.

use app::model::{FirmwareCheck, FirmwareImage, Rich, SafeHtml};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Tag, TagEnd};
use std::sync::LazyLock;

/// The Markdown extensions articles may use.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_FOOTNOTES
}

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tag_attributes("td", ["align", "style"])
        .add_tag_attributes("th", ["align", "style"])
        .add_tag_attributes("ol", ["start"])
        // Tables align their cells with `style="text-align: …"`; nothing else a cell's style
        // could say (a fixed overlay over the page, a tracking background) is kept.
        .filter_style_properties(std::collections::HashSet::from(["text-align"]))
        .link_rel(Some("noopener noreferrer"));
    b
});

/// Sanitises HTML produced from Markdown.
pub fn sanitise(html: &str) -> SafeHtml {
    SafeHtml::from_sanitised(SANITISER.clean(html).to_string())
}

/// Where a link in an article points, after rewriting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another article's file: `other.md`, `other.md#anchor`, or in another folder
    /// (`../cameras/other.md`: addresses come from file names alone). Rewritten to its page.
    Article {
        /// Target slug.
        slug: String,
        /// Anchor inside it, if any.
        anchor: Option<String>,
    },
    /// A page of another article written as a site address (`/articles/other/fix/power/1`):
    /// kept as written, checked like a file link.
    Page {
        /// Target slug.
        slug: String,
        /// Anchor inside it, if any.
        anchor: Option<String>,
    },
    /// Anything else (external, anchor in the same article, image).
    Other,
}

/// Classifies a link destination written in Markdown.
pub fn classify_link(dest: &str) -> LinkTarget {
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    if let Some(rest) = path.strip_prefix("/articles/") {
        let slug = rest.split(['/', '?']).next().unwrap_or("");
        return if slug.is_empty() {
            LinkTarget::Other
        } else {
            LinkTarget::Page {
                slug: slug.to_string(),
                anchor,
            }
        };
    }
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with('#') || dest.starts_with('/') {
        return LinkTarget::Other;
    }
    let file = path.rsplit('/').next().unwrap_or(path);
    match file.strip_suffix(".md") {
        Some(stem) if !slugify(stem).is_empty() => LinkTarget::Article {
            slug: slugify(stem),
            anchor,
        },
        _ => LinkTarget::Other,
    }
}

/// The site URL for a link to another article.
pub fn article_url(slug: &str, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) if !a.is_empty() => format!("/articles/{slug}/full#{a}"),
        _ => format!("/articles/{slug}"),
    }
}

/// True for the start of a ```` ```verify ```` block (a firmware checker, not code to show).
pub fn is_checker_block(e: &Event<'_>) -> bool {
    matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if lang.split_whitespace().next() == Some("verify"))
}

/// Images named on a `verify` block's fence line (```` ```verify a.bin, b.bin ````), for writers
/// who put them there rather than inside the block.
pub fn checker_fence_names(e: &Event<'_>) -> Vec<String> {
    match e {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => lang
            .trim()
            .strip_prefix("verify")
            .unwrap_or("")
            .split([',', ' ', '\t'])
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect(),
        _ => vec![],
    }
}

/// Renders events to [`Rich`]: sanitised HTML plus plain text.
///
/// A ```` ```verify ```` block becomes [`Rich::checker`]; until the article resolves it
/// (`firmware::resolve_blocks`) its `expected` images carry only the file names the block lists.
pub fn render<'a>(events: impl IntoIterator<Item = Event<'a>>) -> Rich {
    let mut checker: Option<FirmwareCheck> = None;
    let mut in_checker = false;
    let mut kept: Vec<Event<'a>> = Vec::new();
    for e in events {
        if in_checker {
            match e {
                Event::End(TagEnd::CodeBlock) => in_checker = false,
                Event::Text(t) => {
                    let block = checker.get_or_insert_with(|| FirmwareCheck {
                        expected: vec![],
                        others: vec![],
                    });
                    block
                        .expected
                        .extend(super::firmware::block_names(&t).into_iter().map(named_image));
                }
                _ => {}
            }
            continue;
        }
        if is_checker_block(&e) {
            in_checker = true;
            let block = checker.get_or_insert_with(|| FirmwareCheck {
                expected: vec![],
                others: vec![],
            });
            block
                .expected
                .extend(checker_fence_names(&e).into_iter().map(named_image));
            continue;
        }
        if !matches!(e, Event::TaskListMarker(_)) {
            kept.push(rewrite_link(e));
        }
    }
    let text = plain_text(&kept);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, kept.into_iter());
    Rich {
        html: sanitise(&html),
        text,
        checker,
    }
}

/// An image a `verify` block names, known by its file name only until the article resolves it.
fn named_image(file: String) -> FirmwareImage {
    FirmwareImage {
        file,
        version: None,
        hardware: None,
        digests: vec![],
        article: None,
    }
}

fn rewrite_link(e: Event<'_>) -> Event<'_> {
    match e {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = match classify_link(&dest_url) {
                LinkTarget::Article { slug, anchor } => CowStr::from(article_url(&slug, anchor.as_deref())),
                LinkTarget::Page { .. } | LinkTarget::Other => dest_url,
            };
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    }
}

/// Plain text of events: text and code kept, breaks and block ends become spaces, whitespace collapsed.
pub fn plain_text(events: &[Event<'_>]) -> String {
    let mut raw = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => raw.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => raw.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => raw.push(' '),
            _ => {}
        }
    }
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A URL- and id-safe name: lowercase ASCII letters, digits and single hyphens.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn md(s: &str) -> Rich {
        render(Parser::new_ext(s, options()))
    }

    #[test]
    fn hostile_html_is_inert() {
        let r = md("Hi <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))\n\n<iframe src=\"https://evil.example\"></iframe>\n\n<a href=\"#\" onclick=\"steal()\">y</a>");
        let h = r.html.as_str();
        for bad in ["<script", "onerror", "javascript:", "<iframe", "onclick", "alert(1)"] {
            assert!(!h.contains(bad), "{bad} survived in {h}");
        }
    }

    #[test]
    fn a_cell_style_keeps_its_alignment_and_nothing_else() {
        let r = md("<table><tr><td style=\"position:fixed;top:0;left:0;width:100%;height:100%;z-index:9;background:url(https://evil.example/t.png);text-align:right\">x</td></tr></table>\n\n| a | b |\n|--:|:-:|\n| 1 | 2 |\n");
        let h = r.html.as_str();
        for bad in ["position", "fixed", "z-index", "background", "evil.example"] {
            assert!(!h.contains(bad), "{bad} survived in {h}");
        }
        assert!(h.contains("text-align:right"), "{h}");
        assert!(
            h.contains("text-align:center") || h.contains("text-align: center"),
            "{h}"
        );
    }

    #[test]
    fn article_links_are_rewritten() {
        let r = md("See [pairing](gateway-will-not-pair.md) and [dns](./gateway-will-not-pair.md#dns).");
        assert!(
            r.html.as_str().contains("href=\"/articles/gateway-will-not-pair\""),
            "{}",
            r.html.as_str()
        );
        assert!(r
            .html
            .as_str()
            .contains("href=\"/articles/gateway-will-not-pair/full#dns\""));
        assert_eq!(r.text, "See pairing and dns.");
    }

    #[test]
    fn links_are_classified() {
        assert_eq!(classify_link("https://x.example/a.md"), LinkTarget::Other);
        assert_eq!(classify_link("#power"), LinkTarget::Other);
        assert_eq!(
            classify_link("a.md#b"),
            LinkTarget::Article {
                slug: "a".into(),
                anchor: Some("b".into())
            }
        );
        // Articles in other folders: the address is the file name's.
        for dest in [
            "../cameras/camera-offline.md",
            "cameras/camera-offline.md",
            "./camera-offline.md",
        ] {
            assert_eq!(
                classify_link(dest),
                LinkTarget::Article {
                    slug: "camera-offline".into(),
                    anchor: None
                },
                "{dest}"
            );
        }
        assert_eq!(
            classify_link("/articles/camera-offline/fix/power/1"),
            LinkTarget::Page {
                slug: "camera-offline".into(),
                anchor: None
            }
        );
        assert_eq!(
            classify_link("/articles/camera-offline/full#power"),
            LinkTarget::Page {
                slug: "camera-offline".into(),
                anchor: Some("power".into())
            }
        );
        assert_eq!(classify_link("/articles/"), LinkTarget::Other);
        assert_eq!(classify_link("/verify"), LinkTarget::Other);
        assert_eq!(classify_link(".md"), LinkTarget::Other);
    }

    #[test]
    fn code_and_tables_render() {
        let r = md("Run `curl -O`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ndd if=x\n```\n");
        let h = r.html.as_str();
        assert!(
            h.contains("<code>curl -O</code>") && h.contains("<table>") && h.contains("dd if=x"),
            "{h}"
        );
    }

    #[test]
    fn slugify_makes_ids() {
        assert_eq!(slugify("If power was lost!"), "if-power-was-lost");
        assert_eq!(slugify("  Überweg: 802.3af  "), "berweg-802-3af");
    }
}
