//! Firmware file checking in the page: the `/verify` page and the checker writers place in
//! articles with a ```` ```verify ```` block. The file is hashed by a Web Worker on the user's
//! device. What happens on each event is decided by [`Checker`]; this module binds it to signals,
//! the worker and the DOM, and shows progress and the verdicts.

use super::not_found::set_status;
use crate::browser::{self, HashJob, PickedFile};
use crate::catalog::list_firmware;
use crate::firmware::checker::{self, Checker, HashEvent, JobId, NamedList, Phase};
use crate::firmware::{self, Algorithm, Computed, Verdict, VerdictKind};
use crate::model::{FirmwareCheck, FirmwareImage};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// `/verify`: check a file against every image the guides know, a pasted hash or a checksum file.
#[component]
pub(crate) fn FirmwarePage() -> impl IntoView {
    let images = Resource::new(|| (), |_| list_firmware());
    view! {
        <Title text="Check a firmware file"/>
        <Meta name="description" content="Check a firmware file's hash on your own device before you flash it. Nothing is uploaded."/>
        <article class="guide verify-page">
            <header class="guide-head">
                <p class="crumbs"><a href="/">"All guides"</a></p>
                <h1>"Check a firmware file"</h1>
                <p class="lede">
                    "A truncated or wrong image is a common reason a firmware update fails. Check the file before you flash it: "
                    "this page tells you whether it is complete and which device it is for. "
                    "Every known image and its hashes are in the "<a href="/firmware">"firmware versions log"</a>"."
                </p>
            </header>
            <Suspense fallback=|| view! { <p class="loading">"Loading known images…"</p> }>
                {move || Suspend::new(async move {
                    // Without the known images the checker still compares with a pasted hash or
                    // a checksum file; the page says so, with the error's status.
                    let (expected, note) = match images.await {
                        Ok(list) => (list, None),
                        Err(e) => {
                            set_status(e.status());
                            (vec![], Some(view! {
                                <p class="error-note" role="alert">{format!("The known firmware images could not be loaded: {e}. You can still compare with a pasted hash or a checksum file.")}</p>
                            }))
                        }
                    };
                    view! { {note} <FirmwareChecker block=FirmwareCheck { expected, others: vec![] } standalone=true/> }
                })}
            </Suspense>
        </article>
    }
}

/// Where values that hold browser objects live: thread-local in the browser (where they are not
/// `Send`), plain on the server (where they are empty and the page may move threads).
#[cfg(feature = "hydrate")]
type BrowserStorage = LocalStorage;
#[cfg(not(feature = "hydrate"))]
type BrowserStorage = SyncStorage;

/// A [`Checker`] bound to the browser: events go in through [`Bound::send`], and the effects it
/// returns are performed on the hashing worker and the file reader.
#[derive(Clone, Copy)]
struct Bound {
    checker: RwSignal<Checker<PickedFile>, BrowserStorage>,
    /// The worker last started, and its job.
    worker: StoredValue<Option<(JobId, HashJob)>, BrowserStorage>,
}

impl Bound {
    fn new(block: FirmwareCheck) -> Self {
        Bound {
            checker: RwSignal::new_with_storage(Checker::new(block)),
            worker: StoredValue::new_with_storage(None),
        }
    }

    /// Hands `event` to the checker and performs what it asks for. Once the checker is gone (the
    /// user moved on while a worker or a read was still busy) there is nothing to do.
    fn send(self, event: checker::Event<PickedFile>) {
        let Some(effects) = self.checker.try_update(|c| c.handle(event)) else {
            return;
        };
        for effect in effects {
            self.perform(effect);
        }
    }

    fn perform(self, effect: checker::Effect<PickedFile>) {
        match effect {
            checker::Effect::StartHash { job, file, algorithms } => {
                let reports = move |report| self.send(checker::Event::Worker(job, report));
                match browser::start_hash(&file, &algorithms, reports) {
                    Ok(worker) => self.worker.set_value(Some((job, worker))),
                    Err(message) => self.send(checker::Event::Worker(job, HashEvent::Failed(message))),
                }
            }
            // Stopped, not dropped: this may run inside the worker's own message handler, which
            // must outlive the call. The next worker started replaces it.
            checker::Effect::StopWorker(job) => {
                self.worker.try_with_value(|w| match w {
                    Some((started, worker)) if *started == job => worker.cancel(),
                    _ => {}
                });
            }
            checker::Effect::ReadList { read, file } => {
                browser::read_text(&file, move |text| self.send(checker::Event::ListRead { read, text }));
            }
        }
    }
}

/// The checker: pick or drop a file, optionally paste a hash or add a checksum file; the file is
/// hashed locally and the result compared with everything given.
#[island(lazy)]
pub(crate) fn FirmwareChecker(block: FirmwareCheck, standalone: bool) -> impl IntoView {
    let known = block.expected.clone();
    let (cli_algorithm, cli_file) = if standalone {
        (Algorithm::Sha256, "FILE".to_string())
    } else {
        firmware::fallback_command(&known)
    };
    let bound = Bound::new(block);
    view! {
        <section class="hash-check" class:standalone=standalone aria-label="Firmware file check">
            {(!standalone).then(|| view! { <h3 class="hc-title">"Check your firmware file"</h3> })}
            <p class="hc-privacy">
                <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
                    <path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>
                </svg>
                "Your file is checked on this device and never uploaded."
            </p>
            {(!known.is_empty()).then(|| known_images(&known).into_any())}
            {live(bound)}
            {fallback(cli_algorithm, cli_file)}
        </section>
    }
    .into_any()
}

/// What needs JavaScript: the drop zone, the optional inputs, the progress and the verdicts.
fn live(bound: Bound) -> AnyView {
    let phase = Memo::new(move |_| bound.checker.with(|c| c.phase().clone()));
    let name = Memo::new(move |_| bound.checker.with(|c| c.file_name().unwrap_or_default().to_string()));
    let verdicts = Memo::new(move |_| bound.checker.with(Checker::verdicts));
    view! {
            <div class="hc-live js-only">
                {drop_zone(bound)}
                {fields(bound)}
                <div class="hc-status" role="status" aria-live="polite">
                    {move || status_view(phase.get(), name.get(), bound)}
                </div>
                {move || {
                    let v = verdicts.get();
                    (!v.is_empty()).then(|| view! {
                        <ul class="hc-verdicts">{v.into_iter().map(|v| verdict_view(v, bound)).collect_view()}</ul>
                    })
                }}
            </div>
    }
    .into_any()
}

fn drop_zone(bound: Bound) -> AnyView {
    let over = RwSignal::new(false);
    view! {
                <label class="hc-drop" class:over=move || over.get()
                    on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
                    on:dragleave=move |_| over.set(false)
                    on:drop=move |ev: leptos::ev::DragEvent| {
                        ev.prevent_default();
                        over.set(false);
                        bound.send(checker::Event::Dropped(browser::files_from_drop(&ev)));
                    }>
                    <input type="file" class="hc-file-input"
                        on:change=move |ev| bound.send(checker::Event::Picked(browser::files_from_input(&ev)))/>
                    <span class="hc-drop-main">"Choose the firmware file"</span>
                    <span class="hc-drop-hint">"or drop it here, with its checksum file if you have one · any size"</span>
                </label>
    }
    .into_any()
}

/// The pasted hash, the checksum file (with the lines it could not read) and the extra algorithms.
fn fields(bound: Bound) -> AnyView {
    let pasted = Memo::new(move |_| bound.checker.with(|c| c.pasted().to_string()));
    let list = Memo::new(move |_| bound.checker.with(|c| c.list().cloned()));
    let extras = Memo::new(move |_| bound.checker.with(|c| c.extras().to_vec()));
    view! {
                <div class="hc-fields">
                    <label class="hc-field">
                        <span>"Published hash " <small>"(optional)"</small></span>
                        <input type="text" class="hc-pasted" autocomplete="off" spellcheck="false" inputmode="text"
                            placeholder="Paste the vendor's SHA-256, SHA-512, SHA-1 or MD5"
                            prop:value=move || pasted.get()
                            on:input=move |ev| bound.send(checker::Event::Pasted(event_target_value(&ev)))/>
                    </label>
                    <label class="hc-field">
                        <span>"Checksum file " <small>"(optional: SHA256SUMS, .sha256, .md5…)"</small></span>
                        <input type="file" class="hc-list-input"
                            on:change=move |ev| bound.send(checker::Event::ListPicked(browser::files_from_input(&ev)))/>
                    </label>
                    {move || list.get().filter(|l| !l.list.problems.is_empty()).map(|NamedList { name, list: l }| view! {
                        <p class="hc-note" role="note">
                            {format!("{name}: {} line(s) could not be read", l.problems.len())}
                            {l.problems.iter().take(3).map(|(line, p)| view! { <br/>{format!("line {line}: {p}")} }).collect_view()}
                        </p>
                    })}
                    <fieldset class="hc-algos">
                        <legend>"Also compute"</legend>
                        {[Algorithm::Sha512, Algorithm::Sha1, Algorithm::Md5].into_iter().map(|a| view! {
                            <label>
                                <input type="checkbox" value=a.key()
                                    prop:checked=move || extras.with(|e| e.contains(&a))
                                    on:change=move |ev| bound.send(checker::Event::Extra(a, event_target_checked(&ev)))/>
                                {a.label()}
                            </label>
                        }).collect_view()}
                    </fieldset>
                </div>
    }
    .into_any()
}

/// What works without JavaScript: the commands that compute the hash on the user's computer.
fn fallback(cli_algorithm: Algorithm, cli_file: String) -> AnyView {
    // Open when the page is served (no JavaScript: the commands are the way), closed once live.
    let cli_open = RwSignal::new(true);
    Effect::new(move |_| cli_open.set(false));
    view! {
            <div class="hc-nojs">
                <p class="hc-needs-js">
                    <strong>"Checking a file on this page needs JavaScript."</strong>
                    " Without it, compute the hash on your computer and compare it with the published one:"
                </p>
                <details class="hc-cli" open=move || cli_open.get()>
                    <summary>"Check it on the command line instead"</summary>
                    <ul>
                        {firmware::commands(cli_algorithm, &cli_file).into_iter().map(|(os, cmd)| view! {
                            <li><span class="hc-os">{os}</span><code>{cmd}</code></li>
                        }).collect_view()}
                    </ul>
                    <p class="hc-cli-note">
                        {format!("Put the file's name in place of {cli_file} if yours differs, and compare the output with the published {}. ", cli_algorithm.label())}
                        "For a SHA256SUMS file: " <code>"sha256sum -c SHA256SUMS"</code>
                    </p>
                </details>
            </div>
    }
    .into_any()
}

/// The images this checker knows, with their hashes in full (useful without JavaScript too).
fn known_images(images: &[FirmwareImage]) -> impl IntoView + use<> {
    view! {
        <details class="hc-known">
            <summary>{format!("Known images ({})", images.len())}</summary>
            <ul>
                {images.iter().map(|img| view! {
                    <li>
                        <span class="hc-known-name">{firmware::describe(img)}</span>
                        {img.article.clone().map(|a| view! { <a class="hc-known-from" href=format!("/articles/{}", a.slug)>{a.title}</a> })}
                        {img.digests.iter().map(|d| view! {
                            <span class="hc-known-hash"><span class="hc-algo">{d.algorithm.label()}</span><code>{d.hex.clone()}</code></span>
                        }).collect_view()}
                    </li>
                }).collect_view()}
            </ul>
        </details>
    }
}

/// Where the check stands: a prompt, the progress bar, the digests, or what went wrong.
fn status_view(phase: Phase, name: String, bound: Bound) -> AnyView {
    match phase {
        Phase::Idle => view! { <p class="hc-idle">"Choose a file to start. Large images are fine: they are read a piece at a time."</p> }.into_any(),
        Phase::Hashing { done, total, elapsed_ms, .. } => view! {
            <div class="hc-progress" data-state="hashing">
                <p class="hc-progress-name">{format!("Checking {name} ({})", firmware::human_bytes(total as u64))}</p>
                <progress max=total.max(1.0).to_string() value=done.to_string() aria-label="Hashing progress"></progress>
                <p class="hc-progress-line">
                    <span class="hc-progress-text">{firmware::progress_line(done, total, elapsed_ms)}</span>
                    <button type="button" class="btn hc-cancel" on:click=move |_| bound.send(checker::Event::Cancel)>"Cancel"</button>
                </p>
            </div>
        }
        .into_any(),
        Phase::Done { computed, total, elapsed_ms } => result_view(name, computed, total, elapsed_ms, bound),
        Phase::Failed(message) => view! {
            <p class="hc-error" role="alert" data-state="failed">{format!("{name} could not be checked: {message}.")}</p>
        }
        .into_any(),
        Phase::Cancelled => view! {
            <p class="hc-cancelled" data-state="cancelled">
                "Cancelled. " <button type="button" class="btn" on:click=move |_| bound.send(checker::Event::HashAgain(vec![]))>"Start again"</button>
            </p>
        }
        .into_any(),
    }
}

/// A hashed file: its name, size and speed, each digest with a copy button, and "Check again".
fn result_view(name: String, computed: Computed, total: f64, elapsed_ms: f64, bound: Bound) -> AnyView {
    view! {
        <div class="hc-result" data-state="done" data-elapsed-ms=format!("{elapsed_ms:.0}") data-bytes=format!("{total:.0}")>
            <p class="hc-file">
                <strong>{name}</strong>
                {firmware::checked_line(total, elapsed_ms)}
            </p>
            <dl class="hc-digests">
                {computed.0.into_iter().map(|d| view! {
                    <div class="hc-digest">
                        <dt>{d.algorithm.label()}</dt>
                        <dd>
                            <code class="hc-hash" data-algorithm=d.algorithm.key()>{d.hex.clone()}</code>
                            <CopyHash text=d.hex/>
                        </dd>
                    </div>
                }).collect_view()}
            </dl>
            <p class="hc-again"><button type="button" class="btn" on:click=move |_| bound.send(checker::Event::HashAgain(vec![]))>"Check again"</button></p>
        </div>
    }
    .into_any()
}

/// One verdict, with the differing characters marked and a button for a missing algorithm.
fn verdict_view(v: Verdict, bound: Bound) -> impl IntoView {
    let icon = match v.kind {
        VerdictKind::Match => "✓",
        VerdictKind::Mismatch | VerdictKind::WrongImage => "✗",
        VerdictKind::Unknown => "?",
    };
    let missing = v.missing.clone();
    view! {
        <li class=format!("verdict verdict-{}", v.kind.key()) data-verdict=v.kind.key()>
            <span class="verdict-icon" aria-hidden="true">{icon}</span>
            <div class="verdict-body">
                <p class="verdict-against">{v.against}</p>
                <p class="verdict-title">{v.title}</p>
                {v.detail.map(|d| view! { <p class="verdict-detail">{d}</p> })}
                {v.image.map(|file| view! {
                    <p class="verdict-log"><a href=format!("/firmware#{}", crate::firmware::log::image_anchor(&file))>{format!("{file} in the firmware versions log")}</a></p>
                })}
                {v.diff.map(|(expected, actual, differing)| view! {
                    <div class="hc-diff">
                        <p><span class="hc-diff-label">"Expected"</span><code class="hc-diff-expected">{marked(&expected, &differing)}</code></p>
                        <p><span class="hc-diff-label">"This file"</span><code class="hc-diff-actual">{marked(&actual, &differing)}</code></p>
                    </div>
                })}
                {(!missing.is_empty()).then(|| {
                    let label = format!("Hash again with {}", missing.iter().map(|a| a.label()).collect::<Vec<_>>().join(" and "));
                    view! { <button type="button" class="btn hc-rehash" on:click=move |_| bound.send(checker::Event::HashAgain(missing.clone()))>{label}</button> }
                })}
            </div>
        </li>
    }
}

/// A hash with the differing characters in `<mark>` (built as nodes, never as HTML text).
fn marked(hex: &str, differing: &[usize]) -> impl IntoView {
    hex.chars()
        .enumerate()
        .map(|(i, c)| {
            if differing.contains(&i) {
                view! { <mark>{c.to_string()}</mark> }.into_any()
            } else {
                c.to_string().into_any()
            }
        })
        .collect_view()
}

/// A small copy button for a hash.
#[component]
fn CopyHash(text: String) -> impl IntoView {
    let (copied, set_copied) = signal(None::<bool>);
    let on_click = move |_| browser::copy_text(text.clone(), move |ok| set_copied.set(Some(ok)));
    view! {
        <button type="button" class="btn btn-small hc-copy" on:click=on_click>
            {move || match copied.get() {
                Some(true) => "Copied",
                Some(false) => "Select and copy",
                None => "Copy",
            }}
        </button>
    }
}
