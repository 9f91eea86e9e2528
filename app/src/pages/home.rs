//! The home page: every guide, grouped by tag, each with its symptom line.

use super::card;
use super::not_found::set_status;
use crate::browse::TagCount;
use crate::catalog::get_overview;
use crate::model::ArticleSummary;
use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::BTreeMap;

/// Groups articles by tag (an article appears under each of its tags); untagged ones go last under "Other".
pub(crate) fn group_by_tag(articles: &[ArticleSummary]) -> Vec<(String, Vec<ArticleSummary>)> {
    let mut groups: BTreeMap<String, Vec<ArticleSummary>> = BTreeMap::new();
    let mut other = Vec::new();
    for a in articles {
        if a.tags.is_empty() {
            other.push(a.clone());
        }
        for t in &a.tags {
            groups.entry(t.clone()).or_default().push(a.clone());
        }
    }
    let mut out: Vec<(String, Vec<ArticleSummary>)> = groups.into_iter().collect();
    if !other.is_empty() {
        out.push(("Other".to_string(), other));
    }
    out
}

/// The home page: search first; then, on a small site, every guide by tag; on a large one, the
/// tags with their counts (each a paginated tag page) and the recently updated guides. Its
/// size does not grow with the number of articles past [`crate::browse::SMALL_SITE`].
#[component]
pub(crate) fn HomePage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_overview());
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>"What's going wrong?"</h1>
            <p class="lede">"Describe what you see, or pick a topic. Each troubleshooting guide asks a few questions and walks you through the fix, one step at a time."</p>
            <form method="get" action="/search" role="search" class="search-form hero-search">
                <label for="home-q" class="visually-hidden">"Describe the problem"</label>
                <input id="home-q" type="search" name="q" placeholder="e.g. camera offline after power cut" autocomplete="off" maxlength="500"/>
                <button type="submit" class="btn btn-primary">"Search"</button>
            </form>
        </section>
        <Suspense fallback=|| view! { <p class="loading">"Loading guides…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(e) => {
                        set_status(e.status());
                        view! { <p class="error-note" role="alert">{format!("The guides could not be loaded: {e}")}</p> }.into_any()
                    }
                    Ok(o) if o.total == 0 => view! { <p class="empty">"No guides yet: add Markdown files to the content folder."</p> }.into_any(),
                    Ok(o) => {
                        let count = o.total;
                        let intro = super::sections::introduction(&o.intro, &o.intro_sections);
                        let sections = super::sections::section_list(&o.sections, "sections-h", "Sections");
                        let body = match o.all {
                            Some(all) => by_tag(&all),
                            None => topics(&o.tags, &o.recent),
                        };
                        view! {
                            {intro}
                            <p class="count">{super::guide_count(count)}</p>
                            {sections}
                            {body}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A small site: every guide under each of its tags.
fn by_tag(all: &[ArticleSummary]) -> AnyView {
    let groups = group_by_tag(all);
    view! {
        <h2 class="index-heading">"Topics"</h2>
        <nav class="tag-index" aria-label="Topics">
            {groups.iter().map(|(tag, _)| view! { <a href=format!("#tag-{tag}")>{tag.clone()}</a> }).collect_view()}
        </nav>
        {groups.into_iter().map(|(tag, items)| view! {
            <section class="tag-group" id=format!("tag-{tag}") aria-labelledby=format!("tag-{tag}-h")>
                <h2 id=format!("tag-{tag}-h")>{tag.clone()}</h2>
                <ul class="cards">{items.iter().map(card).collect_view()}</ul>
            </section>
        }).collect_view()}
    }
    .into_any()
}

/// A large site: the topics with their counts, and what changed lately.
fn topics(tags: &[TagCount], recent: &[ArticleSummary]) -> AnyView {
    view! {
        <section aria-labelledby="topics-h">
            <h2 id="topics-h">"Topics"</h2>
            <ul class="tag-index topics">
                {tags.iter().map(|t| view! {
                    <li><a href=tag_href(&t.tag, 1)>{t.tag.clone()} <span class="tag-count">{t.count}</span></a></li>
                }).collect_view()}
            </ul>
        </section>
        {(!recent.is_empty()).then(|| view! {
            <section class="tag-group" aria-labelledby="recent-h">
                <h2 id="recent-h">"Recently updated"</h2>
                <ul class="cards">{recent.iter().map(card).collect_view()}</ul>
            </section>
        })}
    }
    .into_any()
}

/// The address of page `page` of a tag's guides.
pub(crate) fn tag_href(tag: &str, page: usize) -> String {
    let tag: String = tag
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    if page <= 1 {
        format!("/tags/{tag}")
    } else {
        format!("/tags/{tag}?page={page}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(slug: &str, tags: &[&str]) -> ArticleSummary {
        ArticleSummary {
            section: None,
            slug: slug.into(),
            kind: crate::model::ArticleKind::Tree,
            title: slug.into(),
            summary: String::new(),
            tags: tags.iter().map(std::string::ToString::to_string).collect(),
            updated: None,
        }
    }

    #[test]
    fn articles_appear_under_each_tag_and_untagged_last() {
        let groups = group_by_tag(&[
            summary("a", &["poe", "camera"]),
            summary("b", &[]),
            summary("c", &["camera"]),
        ]);
        let shape: Vec<(String, Vec<String>)> = groups
            .into_iter()
            .map(|(t, v)| (t, v.into_iter().map(|a| a.slug).collect()))
            .collect();
        assert_eq!(
            shape,
            vec![
                ("camera".to_string(), vec!["a".to_string(), "c".to_string()]),
                ("poe".to_string(), vec!["a".to_string()]),
                ("Other".to_string(), vec!["b".to_string()]),
            ]
        );
    }
}
