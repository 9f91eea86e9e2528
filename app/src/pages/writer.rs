//! What writers see while the server watches the content folder: files kept offline by errors.

use crate::catalog::content_problems;
use leptos::prelude::*;

/// How many problems the strip lists before pointing to `fixpath check`.
const SHOWN: usize = 5;

/// A strip above every page listing the errors that keep files offline; renders nothing unless
/// the server runs in watch mode and something is wrong.
#[component]
pub(crate) fn ContentProblems() -> impl IntoView {
    let problems = Resource::new(|| (), |_| content_problems());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = problems.await.unwrap_or_default();
                (!list.is_empty()).then(|| {
                    let total = list.len();
                    let more = total.saturating_sub(SHOWN);
                    view! {
                        <div class="content-problems" role="status">
                            <div class="wrap">
                                <p><strong>{if total == 1 {
                                    "1 error keeps a file offline".to_string()
                                } else {
                                    format!("{total} errors keep files offline")
                                }}</strong>" (shown while the server watches the content folder)"</p>
                                <ul>
                                    {list.into_iter().take(SHOWN).map(|p| view! { <li><code>{p.to_string()}</code></li> }).collect_view()}
                                </ul>
                                {(more > 0).then(|| view! {
                                    <p>{format!("and {more} more: run ")}<code>"fixpath check"</code>" for all of them."</p>
                                })}
                            </div>
                        </div>
                    }
                })
            })}
        </Suspense>
    }
}
