//! "Was this helpful?" under plain pages and at the end of a guide (resolved, escalation): a
//! plain form POST (`server::feedback`) that comes back to the same page with `feedback=sent`.

use crate::{FEEDBACK_COMMENT_MAX, FEEDBACK_PATH};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The form for the page `back` (path and query) of article `slug`, at node `node`; a thank-you
/// once the answer is saved.
#[component]
pub(crate) fn FeedbackForm(slug: String, node: String, back: String) -> impl IntoView {
    let query = use_query_map();
    let state = move || query.with(|q| q.get("feedback"));
    view! {
        <section class="feedback" id="feedback" aria-labelledby="feedback-title">
            {move || match state().as_deref() {
                Some("sent") => view! {
                    <h2 id="feedback-title" class="feedback-title">"Thanks for your answer"</h2>
                    <p class="feedback-thanks" role="status">"It helps the writers improve this guide."</p>
                }.into_any(),
                state => view! {
                    <h2 id="feedback-title" class="feedback-title">"Was this helpful?"</h2>
                    {(state == Some("busy")).then(|| view! {
                        <p class="error-note" role="alert">"Too many answers came from your network just now. Please try again in a minute."</p>
                    })}
                    <form method="post" action=FEEDBACK_PATH class="feedback-form">
                        <input type="hidden" name="article" value=slug.clone()/>
                        <input type="hidden" name="node" value=node.clone()/>
                        <input type="hidden" name="back" value=back.clone()/>
                        <label for="feedback-comment">"What was missing or wrong? (optional)"</label>
                        <textarea id="feedback-comment" name="comment" rows="2" maxlength=FEEDBACK_COMMENT_MAX.to_string()></textarea>
                        <div class="actions">
                            <button type="submit" name="helpful" value="yes" class="btn">"Yes, it helped"</button>
                            <button type="submit" name="helpful" value="no" class="btn">"No"</button>
                        </div>
                        <p class="hint">"Only your answer and comment are kept: no name, address or cookie."</p>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
