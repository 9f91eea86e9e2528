//! `/search?q=…&tag=…`: results rendered on the server (works without JavaScript, shareable),
//! and the header's search box that shows results while typing once the page is live.

use super::not_found::set_status;
use crate::browser;
use crate::catalog::search;
use crate::hits::{SearchHit, SearchResults, SnippetPart};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use std::time::Duration;

/// Percent-encodes a query-string value.
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The URL of a search for `q`, optionally filtered by `tag`.
pub(crate) fn search_href(q: &str, tag: Option<&str>) -> String {
    match tag {
        Some(t) => format!("/search?q={}&tag={}", encode(q), encode(t)),
        None => format!("/search?q={}", encode(q)),
    }
}

fn snippet_view(parts: Vec<SnippetPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|p| {
            if p.hit {
                view! { <mark>{p.text}</mark> }.into_any()
            } else {
                p.text.into_any()
            }
        })
        .collect_view()
}

/// The search page.
#[component]
pub(crate) fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let tag = Memo::new(move |_| query.read().get("tag").filter(|t| !t.is_empty()));
    let results = Resource::new(
        move || (q.get(), tag.get()),
        |(q, tag)| search(q, tag, Some("30".into())),
    );
    view! {
        <Title text=move || {
            let q = q.get();
            if q.trim().is_empty() { "Search".to_string() } else { super::title_text(&format!("{q} – search")) }
        }/>
        // Result pages are endless and repeat the guides: search engines should index the guides.
        <Meta name="robots" content="noindex"/>
        <section class="search-page" aria-labelledby="search-title">
            <h1 id="search-title">"Search the guides"</h1>
            <form method="get" action="/search" role="search" class="search-form">
                <label for="search-page-q" class="visually-hidden">"What do you see?"</label>
                <input id="search-page-q" type="search" name="q" prop:value=move || q.get() value=q.get_untracked()
                    placeholder="e.g. camera offline after power cut" autocomplete="off" maxlength="500"/>
                {move || tag.get().map(|t| view! { <input type="hidden" name="tag" value=t/> })}
                <button type="submit" class="btn btn-primary">"Search"</button>
            </form>
            <Suspense fallback=|| view! { <p class="loading">"Searching…"</p> }>
                {move || Suspend::new(async move {
                    let q = q.get_untracked();
                    let tag = tag.get_untracked();
                    match results.await {
                        Err(e) => {
                            set_status(e.status());
                            view! { <p class="error-note" role="alert">{e.to_string()}</p> }.into_any()
                        }
                        Ok(r) if r.query.trim().is_empty() => view! {
                            <p class="hint">"Describe what you see: an error message, an LED colour, what stopped working."</p>
                        }.into_any(),
                        Ok(r) => results_view(r, q, tag).into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn results_view(r: SearchResults, q: String, tag: Option<String>) -> impl IntoView {
    let count = r.hits.len();
    let chips = (!r.tags.is_empty()).then(|| {
        let all = search_href(&q, None);
        view! {
            <nav class="tag-index filters" aria-label="Filter by topic">
                <a href=all aria-current=tag.is_none().then_some("page")>"All topics"</a>
                {r.tags.iter().map(|(t, n)| {
                    let current = tag.as_deref() == Some(t.as_str());
                    view! { <a href=search_href(&q, Some(t)) aria-current=current.then_some("page")>{format!("{t} ({n})")}</a> }
                }).collect_view()}
            </nav>
        }
    });
    if count == 0 {
        return view! {
            {chips}
            <div class="empty-state" role="status">
                <h2>{format!("No results for “{}”", r.query)}</h2>
                {(!r.closest.is_empty()).then(|| view! {
                    <p>"The guides with the closest names:"</p>
                    <ul class="closest">
                        {r.closest.iter().map(|g| view! { <li><a href=g.url.clone()>{g.title.clone()}</a></li> }).collect_view()}
                    </ul>
                    <p>"Or:"</p>
                })}
                <ul>
                    <li>"Check the spelling, or use fewer or more general words."</li>
                    <li>"Search for what you see: an error message, an LED colour, the device."</li>
                    {tag.map(|t| view! { <li><a href=search_href(&q, None)>{format!("Search all topics, not just “{t}”")}</a></li> })}
                    <li><a href="/">"Browse all guides by topic"</a></li>
                </ul>
            </div>
        }
        .into_any();
    }
    // Why these results, when they are not for exactly what was typed.
    let note = match (r.corrected.clone(), r.relaxed, r.widened) {
        (Some(fixed), _, _) => Some(view! {
            <p class="search-note">
                "Showing results for "<a href=search_href(&fixed, tag.as_deref())><strong>{fixed.clone()}</strong></a>
                ": no guide uses some of the words as typed."
            </p>
        }.into_any()),
        (None, true, _) => Some(view! {
            <p class="search-note">"No guide has all of these words: these guides have some of them."</p>
        }.into_any()),
        (None, false, true) => Some(view! {
            <p class="search-note">"Few guides have most of these words: guides with fewer of them follow."</p>
        }.into_any()),
        (None, false, false) => None,
    };
    view! {
        <p class="count" role="status">{format!("{count} result{} for “{}”", if count == 1 { "" } else { "s" }, r.query)}</p>
        {note}
        {chips}
        <ol class="hits">
            {r.hits.into_iter().map(|h| view! {
                <li class="hit">
                    <a href=h.url.clone()>
                        <span class="hit-title">{h.title.clone()}</span>
                        <span class="hit-branch">{h.branch.clone()}</span>
                    </a>
                    <p class="snippet">{snippet_view(h.snippet_parts)}</p>
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// The header's search box: a plain GET form, plus live results once JavaScript runs.
#[island]
pub(crate) fn SearchBox() -> impl IntoView {
    let (hits, set_hits) = signal(Vec::<SearchHit>::new());
    // "Showing results for …" when the live results are for a corrected query.
    let (note, set_note) = signal(None::<String>);
    let (open, set_open) = signal(false);
    let (active, set_active) = signal(None::<usize>);
    let seq = StoredValue::new(0u64);
    browser::on_slash_focus("site-search");

    let close = move || {
        set_open.set(false);
        set_active.set(None);
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        seq.update_value(|s| *s += 1);
        let mine = seq.get_value();
        set_timeout(
            move || {
                if seq.get_value() != mine {
                    return;
                }
                if text.trim().is_empty() {
                    set_hits.set(vec![]);
                    close();
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Ok(r) = search(text, None, Some("8".into())).await {
                        if seq.get_value() == mine {
                            set_note.set(r.corrected);
                            set_hits.set(r.hits);
                            set_active.set(None);
                            set_open.set(true);
                        }
                    }
                });
            },
            Duration::from_millis(120),
        );
    };
    let on_keydown =
        move |ev: leptos::ev::KeyboardEvent| match key_action(&ev.key(), active.get(), hits.with(Vec::len), open.get())
        {
            KeyAction::Highlight(i) => {
                ev.prevent_default();
                set_open.set(true);
                set_active.set(Some(i));
            }
            KeyAction::Follow(i) => {
                if let Some(url) = hits.with(|h| h.get(i).map(|h| h.url.clone())) {
                    ev.prevent_default();
                    close();
                    browser::open(&url);
                }
            }
            KeyAction::Close => {
                ev.prevent_default();
                close();
            }
            KeyAction::Nothing => {}
        };
    view! {
        <form method="get" action="/search" role="search" class="header-search">
            <label for="site-search" class="visually-hidden">"Search the guides"</label>
            <input id="site-search" type="search" name="q" placeholder="Search guides" autocomplete="off" maxlength="500"
                role="combobox" aria-autocomplete="list" aria-controls="search-suggestions"
                aria-expanded=move || (open.get() && hits.with(|h| !h.is_empty())).to_string()
                aria-activedescendant=move || active.get().map(|i| format!("suggestion-{i}"))
                on:input=on_input on:keydown=on_keydown
                on:blur=move |_| set_timeout(close, Duration::from_millis(150))/>
            {suggestions_view(hits, note, open, active, close)}
        </form>
    }
}

/// The list of suggestions under the header's search box.
fn suggestions_view(
    hits: ReadSignal<Vec<SearchHit>>,
    note: ReadSignal<Option<String>>,
    open: ReadSignal<bool>,
    active: ReadSignal<Option<usize>>,
    close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
    <ul id="search-suggestions" role="listbox" aria-label="Suggestions" class="suggestions"
        hidden=move || !(open.get() && hits.with(|h| !h.is_empty()))>
        {move || note.get().map(|fixed| view! {
            <li role="option" aria-disabled="true" class="suggestion-note">"Showing results for "<strong>{fixed}</strong></li>
        })}
        <For each=move || hits.get().into_iter().enumerate() key=|(i, h)| (*i, h.url.clone()) let:item>
            {
                let (i, h) = item;
                view! {
                    <li id=format!("suggestion-{i}") role="option" class="suggestion"
                        aria-selected=move || (active.get() == Some(i)).to_string()>
                        <a href=h.url.clone() tabindex="-1" on:click=move |_| close()>
                            <span class="hit-title">{h.title.clone()}</span>
                            <span class="hit-branch">{h.branch.clone()}</span>
                            <span class="snippet">{snippet_view(h.snippet_parts.clone())}</span>
                        </a>
                    </li>
                }
            }
        </For>
    </ul>
    }
}

/// What a key does in the search box while suggestions may be showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyAction {
    /// Highlight this suggestion (and show the list).
    Highlight(usize),
    /// Open this suggestion's page.
    Follow(usize),
    /// Hide the list.
    Close,
    /// Let the key do what it does in a text box.
    Nothing,
}

/// The arrows move through the `count` suggestions (wrapping), Enter opens the highlighted one,
/// Escape hides an open list; anything else types.
fn key_action(key: &str, active: Option<usize>, count: usize, open: bool) -> KeyAction {
    match key {
        "ArrowDown" if count > 0 => KeyAction::Highlight(active.map_or(0, |i| (i + 1) % count)),
        "ArrowUp" if count > 0 => KeyAction::Highlight(active.map_or(count - 1, |i| (i + count - 1) % count)),
        "Enter" => active
            .filter(|&i| i < count)
            .map_or(KeyAction::Nothing, KeyAction::Follow),
        "Escape" if open => KeyAction::Close,
        _ => KeyAction::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_enter_follows_escape_closes() {
        use KeyAction::{Close, Follow, Highlight, Nothing};
        assert_eq!(key_action("ArrowDown", None, 3, false), Highlight(0));
        assert_eq!(key_action("ArrowDown", Some(2), 3, true), Highlight(0));
        assert_eq!(key_action("ArrowUp", None, 3, true), Highlight(2));
        assert_eq!(key_action("ArrowUp", Some(0), 3, true), Highlight(2));
        assert_eq!(
            key_action("ArrowDown", None, 0, false),
            Nothing,
            "nothing to move through"
        );
        assert_eq!(key_action("Enter", Some(1), 3, true), Follow(1));
        assert_eq!(key_action("Enter", None, 3, true), Nothing, "Enter submits the form");
        assert_eq!(
            key_action("Enter", Some(5), 3, true),
            Nothing,
            "a stale highlight is ignored"
        );
        assert_eq!(key_action("Escape", Some(1), 3, true), Close);
        assert_eq!(key_action("Escape", None, 3, false), Nothing);
        assert_eq!(key_action("a", Some(1), 3, true), Nothing);
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            search_href("camera offline & \"x\"", Some("poe")),
            "/search?q=camera%20offline%20%26%20%22x%22&tag=poe"
        );
        assert_eq!(encode("ü/?#"), "%C3%BC%2F%3F%23");
    }
}
