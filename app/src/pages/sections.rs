//! Sections: each folder of the content folder, at `/sections/{folder}/{subfolder}?page=N`, with
//! its index page's text, its subsections and its guides, fifty to a page.

use super::card;
use super::not_found::{set_status, NotFound};
use super::prose;
use crate::browse::SectionCount;
use crate::catalog::get_section_page;
use crate::error::AppError;
use crate::model::{Rich, Section};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The address of page `page` of the section at `path` (whose characters are all URL-safe).
pub(crate) fn section_href(path: &str, page: usize) -> String {
    if page <= 1 {
        format!("/sections/{path}")
    } else {
        format!("/sections/{path}?page={page}")
    }
}

/// An index page's text: before its first heading, then each of its sections.
pub(crate) fn introduction(intro: &Rich, sections: &[Section]) -> impl IntoView + use<> {
    let has_text = !intro.is_empty() || !sections.is_empty();
    has_text.then(|| {
        view! {
            <div class="section-intro">
                {(!intro.is_empty()).then(|| prose(intro))}
                {sections.iter().map(|s| {
                    let heading = if s.level <= 2 {
                        view! { <h2 id=s.id.clone()>{s.title.clone()}</h2> }.into_any()
                    } else {
                        view! { <h3 id=s.id.clone()>{s.title.clone()}</h3> }.into_any()
                    };
                    view! { {heading} {prose(&s.body)} }
                }).collect_view()}
            </div>
        }
    })
}

/// Sections with their counts as cards, under a heading (nothing when there are none).
pub(crate) fn section_list(
    sections: &[SectionCount],
    id: &'static str,
    heading: &'static str,
) -> impl IntoView + use<> {
    (!sections.is_empty()).then(|| {
        view! {
            <section aria-labelledby=id>
                <h2 id=id>{heading}</h2>
                <ul class="cards section-cards">
                    {sections.iter().map(|s| view! {
                        <li class="card">
                            <a href=section_href(&s.link.path, 1)>{s.link.title.clone()}</a>
                            <p>{super::guide_count(s.count)}</p>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// `/sections/{path}`: one page of a section.
#[component]
pub(crate) fn SectionPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = Memo::new(move |_| (params.read().get("path").unwrap_or_default(), query.read().get("page")));
    let page = Resource::new(move || key.get(), |(path, page)| get_section_page(path, page));
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading guides…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let title = super::paged_title(&p.link.title, p.page, p.pages);
                        let path = p.link.path.clone();
                        let pager = super::pager(p.pages, p.page, move |n| section_href(&path, n));
                        let count = (p.total > 0).then(|| view! {
                            <p class="count">{super::guide_count(p.total)}</p>
                        });
                        view! {
                            <Title text=super::title_text(&title)/>
                            <header class="guide-head">
                                <nav class="crumbs" aria-label="Breadcrumb">
                                    <a href="/">"All guides"</a>
                                    {p.crumbs.iter().map(|c| view! { " › " <a href=section_href(&c.path, 1)>{c.title.clone()}</a> }).collect_view()}
                                </nav>
                                <h1>{p.link.title.clone()}</h1>
                            </header>
                            {(p.page == 1).then(|| introduction(&p.intro, &p.intro_sections))}
                            {section_list(&p.subsections, "subsections-h", "In this section")}
                            {count}
                            <ul class="cards">{p.items.iter().map(card).collect_view()}</ul>
                            {pager}
                        }.into_any()
                    }
                    Err(AppError::NotFound(_)) => view! { <NotFound what="There is no such section, or the page is past the last."/> }.into_any(),
                    Err(e) => {
                        set_status(e.status());
                        view! { <p class="error-note" role="alert">{format!("This section could not be loaded: {e}")}</p> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
