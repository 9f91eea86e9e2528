//! The article page: the guided decision tree, one node per URL, and the whole-article view.

use super::feedback::FeedbackForm;
use super::not_found::{set_status, NotFound};
use super::prose;
use crate::browser;
use crate::catalog::get_article;
use crate::diagnostic::Diagnostic;
use crate::error::AppError;
use crate::model::{Article, ArticleKind, Procedure, Rich, Section};
use crate::tree::{labels, node_href, Attempt, Node, Target, Trail};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use std::sync::Arc;

/// `/articles/{slug}` and `/articles/{slug}/{node…}`.
#[component]
pub(crate) fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let article = Resource::new(move || slug.get(), get_article);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading guide…"</p> }>
            {move || Suspend::new(async move {
                match article.await {
                    Ok(a) => view! { <ArticleView article=Arc::new(a)/> }.into_any(),
                    Err(AppError::NotFound(_)) => view! { <NotFound what="No guide has this address."/> }.into_any(),
                    Err(e) => {
                        set_status(e.status());
                        view! { <p class="error-note" role="alert">{format!("This guide could not be loaded: {e}")}</p> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The article around whichever node the URL names.
#[component]
fn ArticleView(article: Arc<Article>) -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let state = {
        let article = article.clone();
        Memo::new(move |_| {
            let node = params.with(|p| Node::parse(p.get_str("node").unwrap_or("")));
            let trail = query.with(|q| Trail::from_query(&article, |k| q.get_str(k)));
            (node, trail)
        })
    };
    let slug = article.slug.clone();
    let guided_href = format!("/articles/{slug}");
    let whole_href = format!("/articles/{slug}/full");
    let is_whole = move || state.with(|(n, _)| *n == Some(Node::Whole));
    let is_tree = article.kind.is_tree();
    let kind_label = match article.kind {
        ArticleKind::Tree => None,
        ArticleKind::Guide => Some("Guide"),
        ArticleKind::Faq => Some("FAQ"),
        ArticleKind::Reference => Some("Reference"),
    };
    let a = article.clone();
    let title = state.with_untracked(|(node, _)| page_title(&article, node.as_ref()));
    view! {
        <Title text=super::title_text(&title)/>
        <Meta name="description" content=article.summary.clone()/>
        <article class="guide">
            <header class="guide-head">
                <nav class="crumbs" aria-label="Breadcrumb">
                    <a href="/">"All guides"</a>
                    // Its folders when it is in one, else its first tag.
                    {if article.section.is_empty() {
                        article.tags.first().map(|t| view! { " › " <a href=super::home::tag_href(t, 1)>{t.clone()}</a> }).into_any()
                    } else {
                        article.section.iter().map(|s| view! { " › " <a href=super::sections::section_href(&s.path, 1)>{s.title.clone()}</a> }).collect_view().into_any()
                    }}
                </nav>
                <h1>{article.title.clone()}</h1>
                <p class="meta">
                    {kind_label.map(|k| view! { <span class="kind">{k}</span> })}
                    {article.tags.iter().map(|t| view! { <a class="tag" href=super::home::tag_href(t, 1)>{t.clone()}</a> }).collect_view()}
                    {article.updated.clone().map(|u| view! { <span class="updated">"Updated " <time datetime=u.clone()>{super::human_date(&u)}</time></span> })}
                </p>
                {article.writer.clone().map(|w| view! {
                    <div class="writer-banner" role="status" data-stale=w.stale.then_some("true")>
                        <p><strong>{if w.stale {
                            "This file has errors, so the last version that loaded is shown."
                        } else if w.problems.iter().any(Diagnostic::is_error) {
                            "This file has errors: it is shown, but `fixpath check` fails on it."
                        } else {
                            "This file has warnings."
                        }}</strong>" " <code>{w.path.clone()}</code></p>
                        <ul>{w.problems.iter().map(|p| view! { <li><code>{p.located()}</code></li> }).collect_view()}</ul>
                        <p class="writer-banner-note">"Only shown while the server watches the content folder. Run "<code>"fixpath check"</code>" for details."</p>
                    </div>
                })}
                {is_tree.then(|| view! {
                    <nav class="view-tabs" aria-label="How to read this guide">
                        <a href=guided_href aria-current=move || (!is_whole()).then_some("page")>"Guided"</a>
                        <a href=whole_href aria-current=move || is_whole().then_some("page")>"Whole article"</a>
                    </nav>
                })}
            </header>
            {move || {
                let (node, trail) = state.get();
                match node {
                    Some(node) if a.has_node(&node) && !a.kind.is_tree() => super::plain::plain_view(&a),
                    Some(node) if a.has_node(&node) => node_view(&a, node, trail),
                    _ => view! { <NotFound what="This guide has no such step."/> }.into_any(),
                }
            }}
        </article>
    }
}

/// The page's `<title>`: the step's own heading before the guide's title, so a screen reader
/// announces which step a link opened ("Power supply: step 2 of 4 – Firmware flash failed").
fn page_title(article: &Article, node: Option<&Node>) -> String {
    let title = &article.title;
    let step_of = |attempt: Attempt, step: u32| {
        let total = article.procedure(&attempt).map_or(0, Procedure::step_count);
        let name = match &attempt {
            Attempt::Cause(id) => article
                .cause(id)
                .map(|c| c.label.text.trim_end_matches('.').to_string())
                .unwrap_or_default(),
            Attempt::LastResort => "Last resort".to_string(),
        };
        format!("{name}: step {step} of {total} – {title}")
    };
    if !article.kind.is_tree() {
        return title.clone();
    }
    match node {
        Some(Node::Fix { cause, step }) => step_of(Attempt::Cause(cause.clone()), *step),
        Some(Node::LastResort { step }) => step_of(Attempt::LastResort, *step),
        Some(Node::Verify) => format!("{} – {title}", labels::VERIFY),
        Some(Node::Resolved) => format!("Fixed – {title}"),
        Some(Node::Escalate) => format!("{} – {title}", labels::ESCALATE),
        Some(Node::Whole) => format!("{title} ({})", labels::WHOLE.to_lowercase()),
        Some(Node::Start) | None => title.clone(),
    }
}

fn node_view(article: &Arc<Article>, node: Node, trail: Trail) -> AnyView {
    match node {
        Node::Start => start_view(article, &trail),
        Node::Fix { cause, step } => step_view(article, Attempt::Cause(cause), step, &trail),
        Node::LastResort { step } => step_view(article, Attempt::LastResort, step, &trail),
        Node::Verify => verify_view(article, &trail),
        Node::Resolved => resolved_view(article, &trail),
        Node::Escalate => escalate_view(article, &trail),
        Node::Whole => whole_view(article),
    }
}

/// One step of a list: its HTML as the item itself, or (with a hash checker) HTML then checker.
fn step_item(step: &Rich) -> AnyView {
    match &step.checker {
        None => view! { <li class="prose" inner_html=step.html.as_str().to_string()></li> }.into_any(),
        Some(_) => view! { <li class="has-checker">{prose(step)}</li> }.into_any(),
    }
}

/// A primary or secondary action link.
fn action(href: String, label: &'static str, primary: bool) -> impl IntoView {
    view! { <a class=if primary { "btn btn-primary" } else { "btn" } href=href>{label}</a> }
}

fn start_view(article: &Arc<Article>, trail: &Trail) -> AnyView {
    let slug = article.slug.clone();
    let untried = article.untried(trail).count();
    let tried_labels: Vec<String> = trail
        .tried
        .iter()
        .filter_map(|id| article.cause(id).map(|c| c.label.text.clone()))
        .collect();
    let choices = article
        .causes
        .iter()
        .map(|c| {
            let tried = trail.has_tried(&c.id);
            let href = article.choose(c, trail).href(&slug);
            view! {
                <li class:tried=tried>
                    <a class="choice" href=href>
                        <span class="choice-text">{c.label.text.clone()}</span>
                        {tried.then(|| view! { <span class="badge">"Tried"</span> })}
                    </a>
                </li>
            }
        })
        .collect_view();
    let question = if trail.is_empty() {
        "Which of these matches?"
    } else {
        "Which of the others matches?"
    };
    view! {
        <section class="node node-start" aria-labelledby="node-title">
            {prose(&article.intro)}
            <h2 class="section-label">{labels::START}</h2>
            {prose(&article.symptom)}
            {(!article.extra.is_empty()).then(|| view! {
                <details class="background">
                    <summary>"More about this problem"</summary>
                    {article.extra.iter().map(section_view).collect_view()}
                </details>
            })}
            {(!tried_labels.is_empty()).then(|| view! {
                <div class="tried-note" role="status">
                    <strong>"Already tried: "</strong>{tried_labels.join("; ")}
                </div>
            })}
            {if untried == 0 {
                let next = article.none_match(trail);
                let label = if next.node == Node::Escalate { "Contact support" } else { "Try the last resort" };
                view! {
                    <h2 id="node-title" tabindex="-1" class="question">"You have tried every likely cause."</h2>
                    <div class="actions">{action(next.href(&slug), label, true)}</div>
                }.into_any()
            } else {
                view! {
                    <h2 id="node-title" tabindex="-1" class="question">{question}</h2>
                    <ul class="choices">{choices}</ul>
                    <div class="actions alt">
                        {action(article.not_sure(trail).href(&slug), "I'm not sure: try them in order", false)}
                        {action(article.none_match(trail).href(&slug), "None of these", false)}
                    </div>
                }.into_any()
            }}
            <CopyLink href=node_href(&slug, &Node::Start, trail)/>
        </section>
    }
    .into_any()
}

fn step_view(article: &Arc<Article>, attempt: Attempt, step: u32, trail: &Trail) -> AnyView {
    let slug = article.slug.clone();
    let Some(procedure) = article.procedure(&attempt) else {
        return view! { <NotFound/> }.into_any();
    };
    let total = procedure.step_count();
    let node_at = |s: u32| match &attempt {
        Attempt::Cause(id) => Node::Fix {
            cause: id.clone(),
            step: s,
        },
        Attempt::LastResort => Node::LastResort { step: s },
    };
    let here = node_href(&slug, &node_at(step), trail);
    let (kicker, title) = match &attempt {
        Attempt::Cause(id) => {
            let label = article.cause(id).map(|c| c.label.text.clone()).unwrap_or_default();
            let position = article.cause_index(id).map_or(0, |i| i + 1);
            let kicker = if trail.walk {
                format!("Cause {position} of {}", article.causes.len())
            } else {
                "Likely cause".to_string()
            };
            (kicker, label)
        }
        Attempt::LastResort => ("Last resort".to_string(), procedure.title.clone()),
    };
    let back = if step > 1 {
        (node_href(&slug, &node_at(step - 1), trail), "Previous step")
    } else {
        (node_href(&slug, &Node::Start, trail), "Back to the causes")
    };
    let body = procedure.steps.get(step as usize - 1).cloned().unwrap_or_default();
    let is_last = step >= total;
    let worked = article.worked(trail, &attempt).href(&slug);
    let actions = if is_last {
        let failed = article.failed(trail, &attempt);
        let no_label = match failed.node {
            Node::Escalate => "No: contact support",
            Node::LastResort { .. } => "No: try the last resort",
            Node::Fix { .. } => "No: try the next cause",
            _ => "No: back to the other causes",
        };
        view! {
            <h3 class="question" id="did-it-work">"Did this fix it?"</h3>
            <div class="actions" role="group" aria-labelledby="did-it-work">
                {action(worked, "Yes, it works now", true)}
                {action(failed.href(&slug), no_label, false)}
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="actions">
                {action(node_href(&slug, &node_at(step + 1), trail), "Done: next step", true)}
                {action(worked, "This already fixed it", false)}
            </div>
        }
        .into_any()
    };
    view! {
        <section class="node node-step" aria-labelledby="node-title">
            <p class="kicker">{kicker}</p>
            <h2 id="node-title" tabindex="-1">{title}</h2>
            <p class="fix-title">{procedure.title.clone()}</p>
            <Progress step total/>
            {(step == 1).then(|| prose(&procedure.intro))}
            <div class="step-card">
                <p class="step-number">{format!("Step {step} of {total}")}</p>
                {prose(&body)}
            </div>
            {is_last.then(|| prose(&procedure.outro))}
            {actions}
            <p class="back"><a href=back.0>"← " {back.1}</a></p>
            <CopyLink href=here/>
        </section>
    }
    .into_any()
}

/// "Step n of m" as a bar that screen readers announce: a native `<progress>`, so its fill needs
/// no inline style (the Content-Security-Policy allows none).
#[component]
fn Progress(step: u32, total: u32) -> impl IntoView {
    view! {
        <progress class="progress" max=total.max(1).to_string() value=step.min(total.max(1)).to_string()
            aria-label="Progress through this fix"></progress>
    }
}

fn verify_view(article: &Arc<Article>, trail: &Trail) -> AnyView {
    let slug = article.slug.clone();
    let mut done = trail.clone();
    let resolved = {
        done.walk = false;
        Target {
            node: Node::Resolved,
            trail: done,
        }
        .href(&slug)
    };
    let not_yet = match &trail.fixed {
        Some(attempt) => article.failed(trail, attempt).href(&slug),
        None => node_href(&slug, &Node::Start, trail),
    };
    let checklist = article.verify.as_ref();
    view! {
        <section class="node node-verify" aria-labelledby="node-title">
            <p class="kicker">"Almost there"</p>
            <h2 id="node-title" tabindex="-1">{labels::VERIFY}</h2>
            {checklist.map(|v| view! {
                {prose(&v.intro)}
                <ul class="checklist">
                    {v.steps.iter().map(|s| view! {
                        <li><label><input type="checkbox"/><span class="prose" inner_html=s.html.as_str().to_string()></span></label></li>
                    }).collect_view()}
                </ul>
                {prose(&v.outro)}
            })}
            <h3 class="question" id="all-good">"Does everything check out?"</h3>
            <div class="actions" role="group" aria-labelledby="all-good">
                {action(resolved, "Yes, all good", true)}
                {action(not_yet, "No, something is still wrong", false)}
            </div>
            <CopyLink href=node_href(&slug, &Node::Verify, trail)/>
        </section>
    }
    .into_any()
}

fn resolved_view(article: &Arc<Article>, trail: &Trail) -> AnyView {
    let slug = article.slug.clone();
    let fixed_by = trail
        .fixed
        .as_ref()
        .and_then(|f| article.procedure(f))
        .map(|p| p.title.clone());
    let here = node_href(&slug, &Node::Resolved, trail);
    let summary = article.attempts_summary(trail, &format!("{}{here}", browser::origin()));
    view! {
        <section class="node node-resolved" aria-labelledby="node-title">
            <div class="resolved-mark" aria-hidden="true">"✓"</div>
            <h2 id="node-title" tabindex="-1">{labels::RESOLVED}</h2>
            {fixed_by.map(|t| view! { <p>"What fixed it: " <strong>{t}</strong></p> })}
            <details class="summary-box">
                <summary>"Summary of this session"</summary>
                <pre class="summary-text">{summary.clone()}</pre>
                <CopyButton text=summary label="Copy summary".to_string()/>
            </details>
            <div class="actions">
                <a class="btn" href="/">"Back to all guides"</a>
                <a class="btn" href=format!("/articles/{slug}")>"Start this guide again"</a>
            </div>
            <CopyLink href=here.clone()/>
        </section>
        <FeedbackForm slug=slug.clone() node=Node::Resolved.id() back=here/>
    }
    .into_any()
}

fn escalate_view(article: &Arc<Article>, trail: &Trail) -> AnyView {
    let slug = article.slug.clone();
    let here = node_href(&slug, &Node::Escalate, trail);
    let summary = article.attempts_summary(trail, &format!("{}{here}", browser::origin()));
    view! {
        <section class="node node-escalate" aria-labelledby="node-title">
            <p class="kicker">"Still not working"</p>
            <h2 id="node-title" tabindex="-1">{labels::ESCALATE}</h2>
            {match article.escalate.as_ref() {
                Some(e) => view! {
                    {prose(&e.intro)}
                    <ul class="checklist plain">
                        {e.steps.iter().map(step_item).collect_view()}
                    </ul>
                    {prose(&e.outro)}
                }.into_any(),
                None => view! { <p>"Contact your support team and include the summary below."</p> }.into_any(),
            }}
            <h3 id="summary-label">"What you tried"</h3>
            <p class="hint">"Paste this into your support ticket so nobody asks you to repeat these steps."</p>
            // A <pre>, not a <textarea>: Leptos does not escape textarea children on the server.
            <pre class="summary-text" tabindex="0" aria-labelledby="summary-label">{summary.clone()}</pre>
            <div class="actions">
                <CopyButton text=summary label="Copy summary".to_string()/>
                <a class="btn" href=format!("/articles/{slug}")>"Start over"</a>
            </div>
            <CopyLink href=here.clone()/>
        </section>
        <FeedbackForm slug=slug.clone() node=Node::Escalate.id() back=here/>
    }
    .into_any()
}

fn procedure_view(p: &Procedure, ordered: bool) -> impl IntoView + use<> {
    let items = p.steps.iter().map(step_item).collect_view();
    view! {
        {prose(&p.intro)}
        {if ordered { view! { <ol class="steps">{items}</ol> }.into_any() } else { view! { <ul class="steps">{items}</ul> }.into_any() }}
        {prose(&p.outro)}
    }
}

fn section_view(s: &Section) -> impl IntoView + use<> {
    view! {
        <section class="extra">
            <h3 id=s.id.clone()>{s.title.clone()}</h3>
            {prose(&s.body)}
        </section>
    }
}

fn whole_view(article: &Arc<Article>) -> AnyView {
    let slug = article.slug.clone();
    view! {
        <section class="node whole" aria-labelledby="node-title">
            <h2 id="node-title" tabindex="-1" class="visually-hidden">{labels::WHOLE}</h2>
            {prose(&article.intro)}
            <h2>"Symptom"</h2>
            {prose(&article.symptom)}
            {article.extra.iter().map(section_view).collect_view()}
            <h2>"Likely causes"</h2>
            <ol class="causes">
                {article.causes.iter().map(|c| view! {
                    <li><a href=format!("#fix-{}", c.id)>{c.label.text.clone()}</a></li>
                }).collect_view()}
            </ol>
            <h2>"Fix"</h2>
            {article.causes.iter().map(|c| view! {
                <section class="fix" id=format!("fix-{}", c.id)>
                    <h3 id=c.id.clone()>{c.fix.title.clone()}</h3>
                    {procedure_view(&c.fix, true)}
                    <p class="no-print"><a href=node_href(&slug, &Node::Fix { cause: c.id.clone(), step: 1 }, &Trail::default())>"Walk through this fix step by step →"</a></p>
                </section>
            }).collect_view()}
            {article.last_resort.as_ref().map(|p| view! { <h2>{p.title.clone()}</h2> {procedure_view(p, true)} })}
            {article.verify.as_ref().map(|p| view! { <h2>{p.title.clone()}</h2> {procedure_view(p, false)} })}
            {article.escalate.as_ref().map(|p| view! { <h2>{p.title.clone()}</h2> {procedure_view(p, false)} })}
            {article.see_also.as_ref().map(|s| view! { <h2>{s.title.clone()}</h2> {prose(&s.body)} })}
            <div class="actions no-print">
                <PrintButton/>
                <a class="btn" href=format!("/articles/{slug}")>"Start the guided version"</a>
            </div>
        </section>
    }
    .into_any()
}

/// A link to the current step that, with JavaScript, copies its absolute URL instead of navigating.
#[island]
fn CopyLink(href: String) -> impl IntoView {
    let (copied, set_copied) = signal(None::<bool>);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let Some(url) = browser::current_url() {
            ev.prevent_default();
            browser::copy_text(url, move |ok| set_copied.set(Some(ok)));
        }
    };
    view! {
        <p class="copy-link-row no-print">
            <a class="copy-link" href=href on:click=on_click>
                <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
                    <path d="M10 14a5 5 0 0 0 7.07 0l3-3a5 5 0 0 0-7.07-7.07l-1.5 1.5M14 10a5 5 0 0 0-7.07 0l-3 3a5 5 0 0 0 7.07 7.07l1.5-1.5"
                        fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
                </svg>
                {move || match copied.get() {
                    Some(true) => "Link copied",
                    Some(false) => "Copy failed: use the address bar",
                    None => "Copy link to this step",
                }}
            </a>
        </p>
    }
}

/// A button (shown only once JavaScript runs) that copies `text`.
#[island]
fn CopyButton(text: String, label: String) -> impl IntoView {
    let (copied, set_copied) = signal(None::<bool>);
    let on_click = move |_| {
        let text = text.clone();
        browser::copy_text(text, move |ok| set_copied.set(Some(ok)));
    };
    view! {
        <button type="button" class="btn btn-primary js-only" on:click=on_click>
            {move || match copied.get() {
                Some(true) => "Copied".to_string(),
                Some(false) => "Copy failed".to_string(),
                None => label.clone(),
            }}
        </button>
    }
}

/// Opens the print dialog (JavaScript only; the page prints cleanly with the browser's own command too).
#[island]
fn PrintButton() -> impl IntoView {
    view! { <button type="button" class="btn js-only" on:click=move |_| browser::print()>"Print"</button> }
}
