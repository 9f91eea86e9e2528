//! Plain pages (guides, FAQs, references): the whole page at once, each heading with its anchor
//! and a link to it, an "On this page" outline when the page is long, and FAQ questions as
//! entries that open without JavaScript.

use super::prose;
use crate::model::{Article, ArticleKind, Section};
use leptos::prelude::*;

/// Sections at `##` level from which a page gets an "On this page" outline.
const OUTLINE_FROM: usize = 3;

/// The body of a plain page.
pub(crate) fn plain_view(article: &Article) -> AnyView {
    let faq = article.kind == ArticleKind::Faq;
    let top = article.extra.iter().filter(|s| s.level <= 2).count();
    // An FAQ's questions are its outline already.
    let outline = (top >= OUTLINE_FROM && !faq).then(|| outline(&article.extra));
    let structured = faq.then(|| faq_structured_data(&article.extra));
    view! {
        <div class="plain" data-kind=article.kind.name()>
            {outline}
            {prose(&article.intro)}
            {article.extra.iter().map(|s| if faq && s.is_question() { faq_entry(s) } else { section(s) }).collect_view()}
            {structured.map(|json| view! { <script type="application/ld+json" inner_html=json></script> })}
        </div>
        <super::feedback::FeedbackForm slug=article.slug.clone() node="start".to_string() back=format!("/articles/{}", article.slug)/>
    }
    .into_any()
}

/// "On this page": every `##` heading, with its `###` headings under it.
fn outline(sections: &[Section]) -> impl IntoView + use<> {
    let mut groups: Vec<(&Section, Vec<&Section>)> = Vec::new();
    for s in sections {
        match groups.last_mut() {
            Some((_, subs)) if s.level > 2 => subs.push(s),
            _ => groups.push((s, vec![])),
        }
    }
    let items = groups
        .into_iter()
        .map(|(s, subs)| {
            let subs = (!subs.is_empty()).then(|| {
                view! {
                    <ol>{subs.into_iter().map(|t| view! { <li><a href=format!("#{}", t.id)>{t.title.clone()}</a></li> }).collect_view()}</ol>
                }
            });
            view! { <li><a href=format!("#{}", s.id)>{s.title.clone()}</a>{subs}</li> }
        })
        .collect_view();
    view! {
        <nav class="toc" aria-labelledby="toc-title">
            <h2 id="toc-title" class="toc-title">"On this page"</h2>
            <ol>{items}</ol>
        </nav>
    }
}

/// The link icon after a heading that makes its address easy to copy.
fn anchor(s: &Section) -> impl IntoView + use<> {
    view! {
        <a class="anchor" href=format!("#{}", s.id) aria-label=format!("Link to “{}”", s.title)>"#"</a>
    }
}

/// A heading with its anchor, then its body.
fn section(s: &Section) -> AnyView {
    let heading = if s.level <= 2 {
        view! { <h2 id=s.id.clone()>{s.title.clone()} {anchor(s)}</h2> }.into_any()
    } else {
        view! { <h3 id=s.id.clone()>{s.title.clone()} {anchor(s)}</h3> }.into_any()
    };
    view! { {heading} {prose(&s.body)} }.into_any()
}

/// One question as a disclosure that works without JavaScript. The anchor is inside it, so a
/// link to the question opens it.
fn faq_entry(s: &Section) -> AnyView {
    let heading = if s.level <= 2 {
        view! { <h2 id=s.id.clone()>{s.title.clone()}</h2> }.into_any()
    } else {
        view! { <h3 id=s.id.clone()>{s.title.clone()}</h3> }.into_any()
    };
    view! {
        <details class="faq">
            <summary>{heading}</summary>
            <div class="faq-answer">
                {prose(&s.body)}
                <p class="faq-link"><a href=format!("#{}", s.id)>"Link to this answer"</a></p>
            </div>
        </details>
    }
    .into_any()
}

/// schema.org `FAQPage` data for search engines, as JSON safe inside `<script>`. Written by
/// hand so the browser bundle needs no JSON library for it; [`json_string`] escapes.
fn faq_structured_data(sections: &[Section]) -> String {
    let entries: Vec<String> = sections
        .iter()
        .filter(|s| s.is_question())
        .map(|s| {
            format!(
                r#"{{"@type":"Question","name":{},"acceptedAnswer":{{"@type":"Answer","text":{}}}}}"#,
                json_string(&s.title),
                json_string(&s.body.text)
            )
        })
        .collect();
    format!(
        r#"{{"@context":"https://schema.org","@type":"FAQPage","mainEntity":[{}]}}"#,
        entries.join(",")
    )
}

/// `s` as a JSON string in which `<` never appears raw, so no text can close the script
/// element around it.
fn json_string(s: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rich;

    #[test]
    fn faq_data_cannot_close_its_script_element() {
        let sections = vec![Section {
            title: "Why </script><script>alert(1)</script>?".into(),
            id: "why".into(),
            level: 2,
            body: Rich {
                text: "Because.".into(),
                ..Rich::default()
            },
        }];
        let json = faq_structured_data(&sections);
        assert!(!json.contains('<'), "{json}");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["mainEntity"][0]["name"], "Why </script><script>alert(1)</script>?");
        assert_eq!(v["mainEntity"][0]["acceptedAnswer"]["text"], "Because.");
    }
}
