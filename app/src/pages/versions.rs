//! `/firmware`: the firmware versions log, built from every guide's `firmware:` list (see
//! [`crate::firmware::log`]). Each hardware and each image has an anchor to link to.

use super::not_found::set_status;
use crate::catalog::get_firmware_log;
use crate::firmware::log::{HardwareGroup, LogEntry};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// The firmware versions log.
#[component]
pub(crate) fn VersionsPage() -> impl IntoView {
    let log = Resource::new(|| (), |_| get_firmware_log());
    view! {
        <Title text="Firmware versions"/>
        <Meta name="description" content="Every firmware image the guides know, by hardware, newest first, with its published hashes."/>
        <article class="guide versions-page">
            <header class="guide-head">
                <nav class="crumbs" aria-label="Breadcrumb"><a href="/">"All guides"</a></nav>
                <h1>"Firmware versions"</h1>
                <p class="lede">
                    "Every firmware image the guides know, by hardware, newest version first, with the hashes its vendor publishes. "
                    "To check a file you downloaded, use "<a href="/verify">"Check a file"</a>": it is hashed on your device and never uploaded."
                </p>
            </header>
            <Suspense fallback=|| view! { <p class="loading">"Loading firmware versions…"</p> }>
                {move || Suspend::new(async move {
                    match log.await {
                        Ok(log) if log.groups.is_empty() => view! {
                            <p class="empty">"No guide lists a firmware image yet."</p>
                        }.into_any(),
                        Ok(log) => {
                            let outline = (log.groups.len() > 1).then(|| view! {
                                <nav class="toc" aria-label="Hardware">
                                    <h2 class="toc-title">"Hardware"</h2>
                                    <ul>
                                        {log.groups.iter().map(|g| view! {
                                            <li><a href=format!("#{}", g.id)>{group_name(g)}</a>" "<span class="muted">{format!("({})", g.images.len())}</span></li>
                                        }).collect_view()}
                                    </ul>
                                </nav>
                            });
                            view! {
                                <p class="count">{format!("{} image{} for {} hardware", log.images, if log.images == 1 { "" } else { "s" }, log.groups.iter().filter(|g| g.hardware.is_some()).count())}</p>
                                {outline}
                                {log.groups.iter().map(group).collect_view()}
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(e.status());
                            view! { <p class="error-note" role="alert">{format!("The firmware versions could not be loaded: {e}")}</p> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </article>
    }
}

fn group_name(g: &HardwareGroup) -> String {
    g.hardware.clone().unwrap_or_else(|| "Hardware not named".to_string())
}

fn group(g: &HardwareGroup) -> impl IntoView + use<> {
    view! {
        <section class="fw-group" aria-labelledby=g.id.clone()>
            <h2 id=g.id.clone()>{group_name(g)}</h2>
            <ol class="fw-list">{g.images.iter().map(entry).collect_view()}</ol>
        </section>
    }
}

fn entry(e: &LogEntry) -> impl IntoView + use<> {
    let heading = match &e.version {
        Some(v) => format!("Version {v}"),
        None => "Version not given".to_string(),
    };
    view! {
        <li class="fw-entry" id=e.id.clone()>
            <h3><a class="anchor-link" href=format!("#{}", e.id)>{heading}</a></h3>
            <p class="fw-file"><span class="muted">"File "</span><code>{e.file.clone()}</code></p>
            {e.purpose.clone().map(|p| view! { <p class="fw-purpose">{p}</p> })}
            <dl class="fw-hashes">
                {e.digests.iter().map(|d| view! {
                    <dt>{d.algorithm.label()}</dt>
                    <dd><code class="hash">{d.hex.clone()}</code></dd>
                }).collect_view()}
            </dl>
            <p class="fw-used">
                {if e.articles.len() == 1 { "Guide: " } else { "Guides: " }}
                {e.articles.iter().enumerate().map(|(i, a)| view! {
                    {(i > 0).then_some(", ")}
                    <a href=format!("/articles/{}", a.slug)>{a.title.clone()}</a>
                }).collect_view()}
            </p>
        </li>
    }
}
