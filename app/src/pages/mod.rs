//! The pages: home, article (guided tree and whole-article view), search, firmware check, not found.
// `#[component]` gives every component a `pub` props struct, whatever the function's visibility.
#![allow(unreachable_pub)]

pub(crate) mod article;
pub(crate) mod feedback;
pub(crate) mod firmware;
pub(crate) mod home;
pub(crate) mod not_found;
pub(crate) mod plain;
pub(crate) mod search;
pub(crate) mod sections;
pub(crate) mod tags;
pub(crate) mod versions;
pub(crate) mod writer;

use crate::model::{ArticleSummary, Rich};
use leptos::prelude::*;
use leptos_router::components::A;

/// A guide as a card: its title and summary line.
pub(crate) fn card(a: &ArticleSummary) -> impl IntoView + use<> {
    let href = format!("/articles/{}", a.slug);
    let (title, summary) = (a.title.clone(), a.summary.clone());
    view! {
        <li class="card">
            <A href=href>{title}</A>
            <p>{summary}</p>
        </li>
    }
}

/// The title of page `page` of `pages` of a list called `name` ("Cameras – page 2 of 3").
pub(crate) fn paged_title(name: &str, page: usize, pages: usize) -> String {
    if pages > 1 {
        format!("{name} – page {page} of {pages}")
    } else {
        name.to_string()
    }
}

/// "12 guides".
pub(crate) fn guide_count(n: usize) -> String {
    format!("{n} guide{}", if n == 1 { "" } else { "s" })
}

/// Links to every page of a numbered list (none for a single page); `href(n)` is page `n`'s
/// address.
pub(crate) fn pager(pages: usize, current: usize, href: impl Fn(usize) -> String) -> impl IntoView {
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                <ol>
                    {(1..=pages).map(|n| {
                        let here = (n == current).then_some("page");
                        view! { <li><a href=href(n) aria-current=here>{n}</a></li> }
                    }).collect_view()}
                </ol>
            </nav>
        }
    })
}

/// Sanitised HTML from the content loader, and the hash checker the writer placed there, if any.
pub(crate) fn prose(rich: &Rich) -> impl IntoView + use<> {
    let html =
        (!rich.html.is_empty()).then(|| view! { <div class="prose" inner_html=rich.html.as_str().to_string()></div> });
    let checker = rich
        .checker
        .clone()
        .map(|block| view! { <firmware::FirmwareChecker block standalone=false/> });
    (html, checker)
}

/// Text safe to put in `<title>`: Leptos writes title text unescaped on the server, so angle
/// brackets (the only way out of the element) become look-alike quotation marks.
pub(crate) fn title_text(s: &str) -> String {
    s.replace('<', "‹").replace('>', "›")
}

/// A `YYYY-MM-DD` date as readers write it (`14 Oct 2026`); anything else is shown as it is.
pub(crate) fn human_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = iso.get(..10).unwrap_or(iso).splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_string();
    };
    match (y.parse::<u32>(), m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(y), Ok(m @ 1..=12), Ok(d @ 1..=31)) if y > 999 => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(super::human_date("2026-10-14"), "14 Oct 2026");
        assert_eq!(super::human_date("2026-01-03"), "3 Jan 2026");
        assert_eq!(super::human_date("2026-13-03"), "2026-13-03");
        assert_eq!(super::human_date("yesterday"), "yesterday");
        assert_eq!(super::human_date(""), "");
    }

    #[test]
    fn title_text_cannot_close_the_title_element() {
        assert_eq!(super::title_text("a </title><script>"), "a ‹/title›‹script›");
    }
}
