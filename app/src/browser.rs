//! The few things only a browser can do (clipboard, marking the page live), as no-ops on the server.

/// Marks `<body data-hydrated>` once the app is live, so tests and CSS know JavaScript runs.
pub fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    leptos::prelude::Effect::new(|| {
        if let Some(body) = leptos::prelude::document().body() {
            let _ = body.set_attribute("data-hydrated", "");
        }
    });
}

/// Copies `text` to the clipboard; calls `done(true)` on success, `done(false)` on failure.
pub fn copy_text(text: String, done: impl FnOnce(bool) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let promise = leptos::prelude::window().navigator().clipboard().write_text(&text);
        leptos::task::spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            done(ok);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        done(false);
    }
}

/// The absolute URL of the current page in the browser, or `None` on the server.
pub fn current_url() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window().location().href().ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// Opens the browser's print dialog.
pub fn print() {
    #[cfg(feature = "hydrate")]
    let _ = leptos::prelude::window().print();
}

/// The scheme and host the page is served from, for absolute links in copied text.
pub fn origin() -> String {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window().location().origin().unwrap_or_default()
    }
    #[cfg(all(feature = "ssr", not(feature = "hydrate")))]
    {
        use leptos::prelude::use_context;
        let Some(parts) = use_context::<http::request::Parts>() else {
            return String::new();
        };
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let host = header("x-forwarded-host")
            .or_else(|| header("host"))
            .unwrap_or_default();
        let ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
        if !ok {
            return String::new();
        }
        let scheme = match header("x-forwarded-proto").as_deref() {
            Some("https") => "https",
            _ => "http",
        };
        format!("{scheme}://{host}")
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        String::new()
    }
}

/// Moves keyboard focus to the element with `id` after the next paint (so screen readers announce
/// the new step after a client-side move).
pub fn focus_after_paint(id: &'static str) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = leptos::prelude::document().get_element_by_id(id) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Pressing `/` anywhere outside a text field focuses the element with `id`.
pub fn on_slash_focus(id: &'static str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let handle = leptos::prelude::window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let typing = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        || el.has_attribute("contenteditable")
                })
                .unwrap_or(false);
            if !typing {
                if let Some(el) = leptos::prelude::document().get_element_by_id(id) {
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        ev.prevent_default();
                        let _ = el.focus();
                    }
                }
            }
        });
        leptos::prelude::on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
