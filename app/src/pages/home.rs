//! The home page: every guide, grouped by tag, each with its symptom line.

use super::not_found::set_status;
use crate::catalog::list_articles;
use crate::model::ArticleSummary;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
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

/// The home page.
#[component]
pub(crate) fn HomePage() -> impl IntoView {
    let articles = Resource::new(|| (), |_| list_articles());
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>"What's going wrong?"</h1>
            <p class="lede">"Pick the problem you see. Each guide asks a few questions and walks you through the fix, one step at a time."</p>
        </section>
        <Suspense fallback=|| view! { <p class="loading">"Loading guides…"</p> }>
            {move || Suspend::new(async move {
                match articles.await {
                    Err(e) => {
                        set_status(e.status());
                        view! { <p class="error-note" role="alert">{format!("The guides could not be loaded: {e}")}</p> }.into_any()
                    }
                    Ok(list) if list.is_empty() => view! { <p class="empty">"No guides yet: add Markdown files to the content folder."</p> }.into_any(),
                    Ok(list) => {
                        let count = list.len();
                        let groups = group_by_tag(&list);
                        view! {
                            <p class="count">{format!("{count} guide{}", if count == 1 { "" } else { "s" })}</p>
                            <nav class="tag-index" aria-label="Topics">
                                {groups.iter().map(|(tag, _)| view! { <a href=format!("#tag-{tag}")>{tag.clone()}</a> }).collect_view()}
                            </nav>
                            {groups.into_iter().map(|(tag, items)| view! {
                                <section class="tag-group" id=format!("tag-{tag}") aria-labelledby=format!("tag-{tag}-h")>
                                    <h2 id=format!("tag-{tag}-h")>{tag.clone()}</h2>
                                    <ul class="cards">
                                        {items.into_iter().map(|a| view! {
                                            <li class="card">
                                                <A href=format!("/articles/{}", a.slug)>{a.title.clone()}</A>
                                                <p>{a.summary.clone()}</p>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            }).collect_view()}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(slug: &str, tags: &[&str]) -> ArticleSummary {
        ArticleSummary {
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
