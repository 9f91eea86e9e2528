//! The page for unknown addresses, served with a real 404 status.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Sets the HTTP status of the response being rendered (server only).
pub(crate) fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// "Not found" with a way back; sets the 404 status when rendered on the server.
#[component]
pub(crate) fn NotFound(#[prop(optional, into)] what: Option<String>) -> impl IntoView {
    set_status(404);
    view! {
        <Title text="Page not found"/>
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>{what.unwrap_or_else(|| "There is no page at this address.".to_string())}</p>
            <p>"The guide may have been renamed or removed. "<A href="/">"Browse all guides"</A>"."</p>
        </section>
    }
}
