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
        // GitHub's `> [!NOTE]` alerts (callouts).
        | Options::ENABLE_GFM
}

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    // No `style` anywhere: a cell's style could cover the page with a fixed overlay or load a
    // tracking background, and the Content-Security-Policy allows no inline style. Tables align
    // their cells with `align` instead (see `align_cells`).
    b.add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"])
        .add_tag_attributes("ol", ["start"])
        // Callouts (see `callouts`): their classes, `role="note"`, and whether they start open.
        .add_tag_attributes("div", ["role"])
        .add_tag_attributes("details", ["open"])
        .add_allowed_classes("div", CALLOUT_CLASSES)
        .add_allowed_classes("details", CALLOUT_CLASSES)
        .add_allowed_classes("p", ["callout-title"])
        .add_allowed_classes("summary", ["callout-title"])
        // Code blocks (see `highlight`): the highlighter's classes and the copy button.
        .add_tags(["button"])
        .add_tag_attributes("button", ["type", "hidden"])
        .add_allowed_classes("button", ["copy-code"])
        .add_allowed_classes("div", ["code-block"])
        .add_allowed_classes("span", super::highlight::span_classes())
        // An `<img>` written as HTML loads from another host only where remote images are on.
        .attribute_filter(|element, attribute, value| {
            if (element == "img" && attribute == "src" && is_remote(value) && !REMOTE_IMAGES.get())
                || (attribute == "role" && value != "note")
                || (element == "button" && attribute == "type" && value != "button")
            {
                None
            } else {
                Some(value.into())
            }
        })
        .link_rel(Some("noopener noreferrer"));
    b
});

/// The classes a callout's box may carry.
const CALLOUT_CLASSES: [&str; 6] = [
    "callout",
    "callout-note",
    "callout-tip",
    "callout-important",
    "callout-warning",
    "callout-danger",
];

/// pulldown-cmark aligns table cells with an inline style, which the Content-Security-Policy
/// refuses; the `align` attribute says the same without one.
fn align_cells(html: &str) -> String {
    if !html.contains("style=\"text-align: ") {
        return html.to_string();
    }
    html.replace("style=\"text-align: left\"", "align=\"left\"")
        .replace("style=\"text-align: center\"", "align=\"center\"")
        .replace("style=\"text-align: right\"", "align=\"right\"")
}

thread_local! {
    /// Whether [`render`] keeps images from other hosts; see [`with_remote_images`].
    static REMOTE_IMAGES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` (a parse) with images from other hosts kept (`allow`) or shown as links to them
/// (the default). A site-wide setting, so it is set around each file's parse rather than passed
/// through every function that renders a piece of Markdown.
pub fn with_remote_images<T>(allow: bool, f: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            REMOTE_IMAGES.set(self.0);
        }
    }
    let _restore = Restore(REMOTE_IMAGES.replace(allow));
    f()
}

/// True for an image address on another host.
fn is_remote(url: &str) -> bool {
    url.contains("://") || url.starts_with("//")
}

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
    match file
        .strip_suffix(".md")
        .or_else(|| file.strip_suffix(".markdown"))
        .or_else(|| file.strip_suffix(".mdx"))
    {
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
    if !REMOTE_IMAGES.get() {
        kept = remote_images_as_links(kept);
    }
    let kept = super::callouts::transform(kept);
    let text = plain_text(&kept);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, code_blocks(kept).into_iter());
    Rich {
        html: sanitise(&align_cells(&html)),
        text,
        checker,
    }
}

/// Replaces each code block with its highlighted HTML and copy button (see `highlight`).
fn code_blocks(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    // The open block's language and text.
    let mut open: Option<(String, String)> = None;
    for e in events {
        if let Some((lang, code)) = &mut open {
            match e {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    out.push(Event::Html(super::highlight::code_block(lang, code).into()));
                    open = None;
                }
                _ => {}
            }
            continue;
        }
        match e {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                open = Some((lang, String::new()));
            }
            e => out.push(e),
        }
    }
    out
}

/// Replaces each image from another host with a link to it ("Image: alt text"), or inside a
/// link (a badge) with its alt text alone, so links never nest.
fn remote_images_as_links(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut links = 0usize;
    // For each open image: whether it became a link (else it is dropped to its alt text).
    let mut images: Vec<Option<bool>> = Vec::new();
    for e in events {
        match e {
            Event::Start(Tag::Link { .. }) => {
                links += 1;
                out.push(e);
            }
            Event::End(TagEnd::Link) => {
                links = links.saturating_sub(1);
                out.push(e);
            }
            Event::Start(Tag::Image {
                ref dest_url,
                ref title,
                ..
            }) if is_remote(dest_url) => {
                if links == 0 {
                    out.push(Event::Start(Tag::Link {
                        link_type: pulldown_cmark::LinkType::Inline,
                        dest_url: dest_url.clone(),
                        title: title.clone(),
                        id: CowStr::Borrowed(""),
                    }));
                    out.push(Event::Text(CowStr::Borrowed("Image: ")));
                    images.push(Some(true));
                } else {
                    images.push(Some(false));
                }
            }
            Event::Start(Tag::Image { .. }) => {
                images.push(None);
                out.push(e);
            }
            Event::End(TagEnd::Image) => match images.pop().flatten() {
                Some(true) => out.push(Event::End(TagEnd::Link)),
                Some(false) => {}
                None => out.push(e),
            },
            other => out.push(other),
        }
    }
    out
}

/// An image a `verify` block names, known by its file name only until the article resolves it.
fn named_image(file: String) -> FirmwareImage {
    FirmwareImage {
        purpose: None,
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
    collapse_whitespace(&raw)
}

/// `s` with runs of whitespace (line breaks, tabs) as single spaces, trimmed.
pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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
    fn cells_keep_their_alignment_without_any_inline_style() {
        let r = md("<table><tr><td style=\"position:fixed;top:0;left:0;width:100%;height:100%;z-index:9;background:url(https://evil.example/t.png);text-align:right\">x</td></tr></table>\n\n| a | b |\n|--:|:-:|\n| 1 | 2 |\n");
        let h = r.html.as_str();
        for bad in ["style", "position", "fixed", "z-index", "background", "evil.example"] {
            assert!(!h.contains(bad), "{bad} survived in {h}");
        }
        assert!(h.contains("<td align=\"right\">1</td>"), "{h}");
        assert!(h.contains("<th align=\"center\">b</th>"), "{h}");
    }

    #[test]
    fn remote_images_become_links_unless_allowed() {
        let src = "![Wiring diagram](https://cdn.example/w.png \"Wiring\") ![local](/images/a.png)\n\n[![build](https://ci.example/badge.svg)](https://ci.example)\n\n<img src=\"https://track.example/p.gif\" alt=\"pixel\">";
        let off = md(src);
        let h = off.html.as_str();
        assert!(!h.contains("<img src=\"https://"), "{h}");
        assert!(h.contains("<a href=\"https://cdn.example/w.png\" title=\"Wiring\" rel=\"noopener noreferrer\">Image: Wiring diagram</a>"), "{h}");
        assert!(h.contains("<img src=\"/images/a.png\" alt=\"local\">"), "{h}");
        // A badge inside a link keeps its alt text only: links never nest.
        assert!(
            h.contains("<a href=\"https://ci.example\" rel=\"noopener noreferrer\">build</a>"),
            "{h}"
        );
        assert!(!h.contains("track.example"), "{h}");
        let on = with_remote_images(true, || md(src));
        assert!(
            on.html.as_str().contains("<img src=\"https://cdn.example/w.png\""),
            "{}",
            on.html.as_str()
        );
        assert!(on.html.as_str().contains("track.example/p.gif"), "{}", on.html.as_str());
        // The setting is back to its default after the call.
        assert!(!md(src).html.as_str().contains("<img src=\"https://"));
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
    fn code_blocks_are_highlighted_with_a_copy_button_through_the_sanitiser() {
        super::super::highlight::reset_budget();
        let r = md("```rust\nlet n = 1; // one\n```\n\n    indented <b>\n\n<button type=\"submit\" class=\"copy-code evil\" onclick=\"x()\">b</button>\n");
        let h = r.html.as_str();
        assert!(h.contains("<span class=\"hl-c\">// one"), "{h}");
        assert!(h.contains("<div class=\"code-block\"><button type=\"button\" class=\"copy-code\" hidden=\"\">Copy</button><pre><code>"), "{h}");
        assert!(h.contains("indented &lt;b&gt;"), "{h}");
        assert!(
            !h.contains("onclick") && !h.contains("submit") && !h.contains("evil"),
            "{h}"
        );
        assert!(r.text.contains("let n = 1;") && !r.text.contains("Copy"), "{}", r.text);
    }

    #[test]
    fn slugify_makes_ids() {
        assert_eq!(slugify("If power was lost!"), "if-power-was-lost");
        assert_eq!(slugify("  Überweg: 802.3af  "), "berweg-802-3af");
    }
}
