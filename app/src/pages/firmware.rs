//! Firmware hash checking: the `/verify` page and the checker writers place in articles with a
//! ```` ```verify ```` block. The file is hashed by a Web Worker on the user's device; this module
//! only shows progress and the verdicts from [`crate::firmware::judge`].

use crate::browser::{self, HashEvent, HashJob, PickedFile};
use crate::catalog::list_firmware;
use crate::firmware::{self, Algorithm, ChecksumList, Computed, Expectations, Verdict, VerdictKind};
use crate::model::{FirmwareImage, VerifyBlock};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// `/verify`: check a file against every image the guides know, a pasted hash or a checksum file.
#[component]
pub fn FirmwarePage() -> impl IntoView {
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
                    "this page tells you whether it is complete and which device it is for."
                </p>
            </header>
            <Suspense fallback=|| view! { <p class="loading">"Loading known images…"</p> }>
                {move || Suspend::new(async move {
                    let expected = images.await.unwrap_or_default();
                    view! { <FirmwareChecker block=VerifyBlock { expected, others: vec![] } standalone=true/> }
                })}
            </Suspense>
        </article>
    }
}

/// A value that holds browser objects: thread-local in the browser (where they are not `Send`),
/// a plain stored value on the server (where they are empty and the page may move threads).
#[cfg(feature = "hydrate")]
fn browser_value<T: 'static>(value: T) -> StoredValue<T, LocalStorage> {
    StoredValue::new_local(value)
}

#[cfg(not(feature = "hydrate"))]
fn browser_value<T: Send + Sync + 'static>(value: T) -> StoredValue<T> {
    StoredValue::new(value)
}

/// Where a check stands.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Hashing {
        done: f64,
        total: f64,
        elapsed_ms: f64,
    },
    Done {
        computed: Computed,
        total: f64,
        elapsed_ms: f64,
    },
    Failed(String),
    Cancelled,
}

/// The checker: pick or drop a file, optionally paste a hash or add a checksum file; the file is
/// hashed locally and the result compared with everything given.
#[component]
pub fn FirmwareChecker(block: VerifyBlock, #[prop(optional)] standalone: bool) -> impl IntoView {
    let images = StoredValue::new(block);
    let file = RwSignal::new(None::<(String, u64)>);
    let handle = browser_value(None::<PickedFile>);
    let job = browser_value(None::<HashJob>);
    let phase = RwSignal::new(Phase::Idle);
    let extras = RwSignal::new(Vec::<Algorithm>::new());
    let pasted = RwSignal::new(String::new());
    let list = RwSignal::new(None::<(String, ChecksumList)>);
    let over = RwSignal::new(false);

    // SHA-256, the ticked extras, and whatever the known images, the pasted hash and the
    // checksum file need: all computed in one pass.
    let wanted = move || {
        let all: Vec<FirmwareImage> = images.with_value(|b| b.expected.iter().chain(&b.others).cloned().collect());
        let mut out = firmware::algorithms_for(&all);
        out.extend(extras.get_untracked());
        if let Ok(d) = firmware::parse_hash(&pasted.get_untracked()) {
            out.push(d.algorithm);
        }
        if let Some((_, l)) = list.get_untracked() {
            out.extend(l.algorithms());
        }
        out.sort();
        out.dedup();
        out
    };
    let start = move |extra: Vec<Algorithm>| {
        let Some(picked) = handle.with_value(|h| h.clone()) else {
            return;
        };
        let mut algorithms = wanted();
        algorithms.extend(extra);
        algorithms.sort();
        algorithms.dedup();
        phase.set(Phase::Hashing {
            done: 0.0,
            total: picked.size as f64,
            elapsed_ms: 0.0,
        });
        let result = browser::start_hash(&picked, &algorithms, move |event| {
            let next = match event {
                HashEvent::Progress {
                    done,
                    total,
                    elapsed_ms,
                } => Phase::Hashing {
                    done,
                    total,
                    elapsed_ms,
                },
                HashEvent::Done {
                    digests,
                    total,
                    elapsed_ms,
                } => {
                    job.with_value(|j| j.as_ref().map(HashJob::cancel));
                    Phase::Done {
                        computed: Computed(digests),
                        total,
                        elapsed_ms,
                    }
                }
                HashEvent::Failed(message) => {
                    job.with_value(|j| j.as_ref().map(HashJob::cancel));
                    Phase::Failed(message)
                }
            };
            // The checker may be gone (the user moved on); then there is nothing to update.
            let _ = phase.try_set(next);
        });
        match result {
            Ok(j) => job.set_value(Some(j)),
            Err(message) => phase.set(Phase::Failed(message)),
        }
    };
    let pick = move |files: Vec<PickedFile>| {
        if let Some(f) = files.into_iter().next() {
            file.set(Some((f.name.clone(), f.size)));
            handle.set_value(Some(f));
            start(vec![]);
        }
    };
    let cancel = move |_| {
        job.set_value(None);
        phase.set(Phase::Cancelled);
    };
    // Reads a checksum list, then runs `then` (a dropped firmware file is hashed once its list
    // is known, so every algorithm the list needs is computed in the same pass).
    let load_list = move |files: Vec<PickedFile>, then: Option<Box<dyn FnOnce()>>| {
        if let Some(f) = files.into_iter().next() {
            let name = f.name.clone();
            if f.size > firmware::MAX_CHECKSUM_LIST_BYTES {
                list.set(Some((
                    name,
                    ChecksumList {
                        entries: vec![],
                        problems: vec![(
                            1,
                            "the file is over 4 MB: this does not look like a checksum list".to_string(),
                        )],
                    },
                )));
                if let Some(then) = then {
                    then();
                }
                return;
            }
            browser::read_text(&f, move |text| {
                let parsed = match text {
                    Ok(t) => firmware::parse_checksum_file(&t),
                    Err(e) => ChecksumList {
                        entries: vec![],
                        problems: vec![(1, e)],
                    },
                };
                let _ = list.try_set(Some((name, parsed)));
                if let Some(then) = then {
                    then();
                }
            });
        }
    };
    let add_list = move |files: Vec<PickedFile>| load_list(files, None);
    // Users drop the image and its SHA256SUMS together: the list is told apart by its name.
    let dropped = move |files: Vec<PickedFile>| {
        let (lists, images): (Vec<PickedFile>, Vec<PickedFile>) = files
            .into_iter()
            .partition(|f| firmware::looks_like_checksum_list(&f.name, f.size));
        match (lists.is_empty(), images.is_empty()) {
            (true, _) => pick(images),
            (false, true) => add_list(lists),
            (false, false) => load_list(lists, Some(Box::new(move || pick(images)))),
        }
    };

    let verdicts = Memo::new(move |_| {
        let Phase::Done { computed, .. } = phase.get() else {
            return vec![];
        };
        let name = file.get().map(|f| f.0).unwrap_or_default();
        let pasted = pasted.get();
        let list = list.get();
        images.with_value(|b| {
            firmware::judge(
                &computed,
                &name,
                &Expectations {
                    expected: &b.expected,
                    others: &b.others,
                    pasted: &pasted,
                    list: list.as_ref().map(|l| &l.1),
                },
            )
        })
    });

    let known = images.with_value(|b| b.expected.clone());
    let (cli_algorithm, cli_file) = if standalone {
        (Algorithm::Sha256, "FILE".to_string())
    } else {
        firmware::fallback_command(&known)
    };
    let heading = if standalone {
        "Your file"
    } else {
        "Check your firmware file"
    };

    let drop_zone = view! {
                <label class="hc-drop" class:over=move || over.get()
                    on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
                    on:dragleave=move |_| over.set(false)
                    on:drop=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(false); dropped(browser::files_from_drop(&ev)); }>
                    <input type="file" class="hc-file-input" on:change=move |ev| pick(browser::files_from_input(&ev))/>
                    <span class="hc-drop-main">"Choose the firmware file"</span>
                    <span class="hc-drop-hint">"or drop it here, with its checksum file if you have one · any size"</span>
                </label>
    }
    .into_any();
    let fields = view! {
                <div class="hc-fields">
                    <label class="hc-field">
                        <span>"Published hash " <small>"(optional)"</small></span>
                        <input type="text" class="hc-pasted" autocomplete="off" spellcheck="false" inputmode="text"
                            placeholder="Paste the vendor's SHA-256, SHA-512, SHA-1 or MD5"
                            prop:value=move || pasted.get()
                            on:input=move |ev| pasted.set(event_target_value(&ev))/>
                    </label>
                    <label class="hc-field">
                        <span>"Checksum file " <small>"(optional: SHA256SUMS, .sha256, .md5…)"</small></span>
                        <input type="file" class="hc-list-input" on:change=move |ev| add_list(browser::files_from_input(&ev))/>
                    </label>
                    {move || list.get().filter(|(_, l)| !l.problems.is_empty()).map(|(name, l)| view! {
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
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        extras.update(|e| { e.retain(|x| *x != a); if on { e.push(a); } });
                                    }/>
                                {a.label()}
                            </label>
                        }).collect_view()}
                    </fieldset>
                </div>
    }
    .into_any();
    let live = view! {
            <div class="hc-live js-only">
                {drop_zone}
                {fields}
                <div class="hc-status" role="status" aria-live="polite">
                    {move || status_view(phase.get(), file.get(), cancel, start)}
                </div>
                {move || {
                    let v = verdicts.get();
                    (!v.is_empty()).then(|| view! {
                        <ul class="hc-verdicts">{v.into_iter().map(|v| verdict_view(v, start)).collect_view()}</ul>
                    })
                }}
            </div>
    }
    .into_any();
    // Open when the page is served (no JavaScript: the commands are the way), closed once live.
    let cli_open = RwSignal::new(true);
    Effect::new(move |_| cli_open.set(false));
    let fallback = view! {
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
    .into_any();
    view! {
        <section class="hash-check" class:standalone=standalone aria-label="Firmware file check">
            {(!standalone).then(|| view! { <h3 class="hc-title">{heading}</h3> })}
            <p class="hc-privacy">
                <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
                    <path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>
                </svg>
                "Your file is checked on this device and never uploaded."
            </p>
            {(!known.is_empty()).then(|| known_images(&known).into_any())}
            {live}
            {fallback}
        </section>
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

fn status_view(
    phase: Phase,
    file: Option<(String, u64)>,
    cancel: impl Fn(leptos::ev::MouseEvent) + 'static,
    rehash: impl Fn(Vec<Algorithm>) + Copy + 'static,
) -> AnyView {
    let name = file.as_ref().map(|f| f.0.clone()).unwrap_or_default();
    match phase {
        Phase::Idle => view! { <p class="hc-idle">"Choose a file to start. Large images are fine: they are read a piece at a time."</p> }.into_any(),
        Phase::Hashing { done, total, elapsed_ms } => {
            let pct = if total > 0.0 { (done / total * 100.0).floor() } else { 0.0 };
            let rate = if elapsed_ms > 0.0 { done / (elapsed_ms / 1000.0) } else { 0.0 };
            let left = if rate > 0.0 { (total - done) / rate } else { f64::NAN };
            let line = if elapsed_ms > 0.0 {
                format!(
                    "{pct:.0}% · {}/s · {} left",
                    firmware::human_bytes(rate as u64),
                    firmware::human_seconds(left)
                )
            } else {
                "Starting…".to_string()
            };
            view! {
                <div class="hc-progress" data-state="hashing">
                    <p class="hc-progress-name">{format!("Checking {name} ({})", firmware::human_bytes(total as u64))}</p>
                    <progress max=total.max(1.0).to_string() value=done.to_string() aria-label="Hashing progress"></progress>
                    <p class="hc-progress-line">
                        <span class="hc-progress-text">{line}</span>
                        <button type="button" class="btn hc-cancel" on:click=cancel>"Cancel"</button>
                    </p>
                </div>
            }
            .into_any()
        }
        Phase::Done { computed, total, elapsed_ms } => {
            let speed = if elapsed_ms > 0.0 { total / (elapsed_ms / 1000.0) } else { 0.0 };
            let secs = elapsed_ms / 1000.0;
            view! {
                <div class="hc-result" data-state="done" data-elapsed-ms=format!("{elapsed_ms:.0}") data-bytes=format!("{total:.0}")>
                    <p class="hc-file">
                        <strong>{name}</strong>
                        {format!(" · {} · checked in {secs:.1} s ({}/s)", firmware::human_bytes(total as u64), firmware::human_bytes(speed as u64))}
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
                    <p class="hc-again"><button type="button" class="btn" on:click=move |_| rehash(vec![])>"Check again"</button></p>
                </div>
            }
            .into_any()
        }
        Phase::Failed(message) => view! {
            <p class="hc-error" role="alert" data-state="failed">{format!("{name} could not be checked: {message}.")}</p>
        }
        .into_any(),
        Phase::Cancelled => view! {
            <p class="hc-cancelled" data-state="cancelled">
                "Cancelled. " <button type="button" class="btn" on:click=move |_| rehash(vec![])>"Start again"</button>
            </p>
        }
        .into_any(),
    }
}

fn verdict_view(v: Verdict, rehash: impl Fn(Vec<Algorithm>) + Copy + 'static) -> impl IntoView {
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
                {v.diff.map(|(expected, actual, differing)| view! {
                    <div class="hc-diff">
                        <p><span class="hc-diff-label">"Expected"</span><code class="hc-diff-expected">{marked(&expected, &differing)}</code></p>
                        <p><span class="hc-diff-label">"This file"</span><code class="hc-diff-actual">{marked(&actual, &differing)}</code></p>
                    </div>
                })}
                {(!missing.is_empty()).then(|| {
                    let label = format!("Hash again with {}", missing.iter().map(|a| a.label()).collect::<Vec<_>>().join(" and "));
                    view! { <button type="button" class="btn hc-rehash" on:click=move |_| rehash(missing.clone())>{label}</button> }
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
