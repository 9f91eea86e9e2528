//! A tag's guides, fifty to a page, at stable addresses (`/tags/{tag}?page=N`).

use super::card;
use super::home::tag_href;
use super::not_found::{set_status, NotFound};
use crate::catalog::get_tag_page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/tags/{tag}`: one page of the guides with this tag, by title, and links to every page.
#[component]
pub(crate) fn TagPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = Memo::new(move |_| (params.read().get("tag").unwrap_or_default(), query.read().get("page")));
    let page = Resource::new(move || key.get(), |(tag, page)| get_tag_page(tag, page));
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading guides…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let title = super::paged_title(&p.tag, p.page, p.pages);
                        let tag = p.tag.clone();
                        let pager = super::pager(p.pages, p.page, move |n| tag_href(&tag, n));
                        view! {
                            <Title text=super::title_text(&title)/>
                            <nav class="crumbs" aria-label="Breadcrumb"><a href="/">"All guides"</a></nav>
                            <h1>{format!("Guides about {}", p.tag)}</h1>
                            <p class="count">{super::guide_count(p.total)}</p>
                            <ul class="cards">{p.items.iter().map(card).collect_view()}</ul>
                            {pager}
                        }.into_any()
                    }
                    Err(AppError::NotFound(_)) => view! { <NotFound what="No guides have this tag, or the page is past the last."/> }.into_any(),
                    Err(e) => {
                        set_status(e.status());
                        view! { <p class="error-note" role="alert">{format!("These guides could not be loaded: {e}")}</p> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
