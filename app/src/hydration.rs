//! How the page starts its islands: the page is server-rendered HTML with plain links and forms;
//! only the interactive parts (the header's search box, copy buttons, the firmware checker) are
//! islands (`<leptos-island>`), hydrated when needed (see [`late_hydration_js`]: on a checker's
//! page once it has painted, elsewhere when the reader reaches for one), with no preload hints in
//! the `<head>`. The pages are readable and usable without JavaScript, so the wasm must never
//! compete with what paints them (on a slow phone connection a preloaded wasm delays the largest
//! paint by seconds).

use leptos::config::LeptosOptions;
use leptos::prelude::*;

/// The script and wasm file names `cargo leptos` built (hashed when `hash_files` is on), read
/// once.
fn file_names(options: &LeptosOptions) -> &'static (String, String) {
    static NAMES: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut js = options.output_name.to_string();
        let mut wasm = options.output_name.to_string();
        if options.hash_files {
            // The hash file sits beside the server binary (`js: …` and `wasm: …` lines).
            let path = std::env::current_exe()
                .ok()
                .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())));
            let hashes = path.and_then(|p| std::fs::read_to_string(p).ok()).unwrap_or_default();
            for (file, hash) in hashes.lines().filter_map(|l| l.trim().split_once(':')) {
                match file {
                    "js" => js.push_str(&format!(".{}", hash.trim())),
                    "wasm" => wasm.push_str(&format!(".{}", hash.trim())),
                    _ => {}
                }
            }
        } else if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
            wasm.push_str("_bg");
        }
        let pkg = &options.site_pkg_dir;
        (format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm"))
    })
}

/// The text of every inline script the shell writes, in the order it writes them. Each is the
/// same on every page of a build, so the server allows exactly these by their hashes in the
/// Content-Security-Policy (no per-request nonce: a rendered page can be cached and sent to
/// anyone as it is).
pub fn inline_scripts(options: &LeptosOptions) -> Vec<String> {
    vec![
        MARK_JS.to_string(),
        late_hydration_js(options),
        SPECULATION_RULES.to_string(),
        prefetched_view_js(),
    ]
}

/// Before the first paint: marks the page as one whose interactive parts will work, so they are
/// laid out from the start (see `html[data-js]` in the CSS).
const MARK_JS: &str = "if(typeof WebAssembly==='object')document.documentElement.setAttribute('data-js','')";

/// The inline scripts of the `<head>`: see [`inline_scripts`].
pub(crate) fn head_scripts(options: &LeptosOptions) -> impl IntoView {
    view! {
        <script>{MARK_JS}</script>
        <script type="module">{late_hydration_js(options)}</script>
        <script type="speculationrules">{SPECULATION_RULES}</script>
        <script>{prefetched_view_js()}</script>
    }
}

/// Loads the app and hydrates the islands when they are needed, so a page that is only read
/// downloads no wasm at all (once every island is live, `<body data-hydrated>` says so to tests
/// and CSS; a lazy island, the firmware checker, first loads its own wasm):
/// - at once (after the page has loaded and painted, when the browser is idle, at the latest
///   2 s later) on a page with a firmware checker: a file dropped on it must be checked, and a
///   drop cannot be replayed;
/// - elsewhere, when the person reaches for an island or a code block's copy button (the pointer
///   over it, a touch, focus) or presses `/` (which focuses the search box, as the box itself
///   does once live). A click on an island's link or button that comes before the islands are
///   live is held and replayed on it; text typed in the search box meanwhile is searched once it
///   is live. If they cannot load (no WebAssembly, a network or deploy error), nothing is held:
///   links work as plain links.
///
/// It also opens the FAQ entry (`<details>`) the address's `#fragment` names, on load and on
/// every change of the fragment: browsers do not all open a closed `<details>` for a fragment.
fn late_hydration_js(options: &LeptosOptions) -> String {
    let (js, wasm) = file_names(options);
    format!(
        "(()=>{{const d=document,ok=typeof WebAssembly==='object';let started=false,live=false,failed=false,held=null;\
         const part=t=>t&&t.closest?t.closest('leptos-island,.copy-code'):null;\
         const replay=()=>{{if(held){{const h=held;held=null;h.click();}}}};\
         const go=()=>{{if(started||!ok)return;started=true;import({js:?}).then(m=>m.default({{module_or_path:{wasm:?}}}).then(()=>{{m.hydrate();\
         const w=[];for(const el of d.querySelectorAll('leptos-island')){{const f=m[el.dataset.component];if(f)w.push(f(el));}}\
         return Promise.all(w).then(()=>{{d.body.setAttribute('data-hydrated','');live=true;\
         const s=d.getElementById('site-search');if(s&&s.value&&d.activeElement===s)s.dispatchEvent(new Event('input',{{bubbles:true}}));replay();}});}}))\
         .catch(e=>{{failed=true;console.error('the page could not load its interactive parts',e);replay();}});}};\
         const intent=e=>{{if(!live&&part(e.target))go();}};\
         for(const t of ['pointerover','pointerdown','touchstart','focusin'])d.addEventListener(t,intent,{{capture:true,passive:true}});\
         d.addEventListener('click',e=>{{const b=ok&&!live&&!failed&&e.target.closest?e.target.closest('a,button'):null;if(b&&part(b)){{e.preventDefault();e.stopPropagation();held=b;go();}}}},true);\
         d.addEventListener('keydown',e=>{{if(live||failed||!ok||e.key!=='/'||e.ctrlKey||e.metaKey||e.altKey)return;const t=e.target;\
         if(t&&(/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)||t.isContentEditable))return;const s=d.getElementById('site-search');if(s){{e.preventDefault();s.focus();}}}});\
         const reveal=()=>{{let id=location.hash.slice(1);try{{id=decodeURIComponent(id);}}catch(_){{}}const t=id&&d.getElementById(id);\
         const x=t&&t.closest('details');if(x&&!x.open){{x.open=true;t.scrollIntoView();}}}};reveal();addEventListener('hashchange',reveal);\
         if(d.querySelector('.hash-check')){{const idle=()=>('requestIdleCallback' in window)?requestIdleCallback(go,{{timeout:2000}}):setTimeout(go,0);\
         const painted=()=>requestAnimationFrame(()=>requestAnimationFrame(idle));\
         if(d.readyState==='complete')painted();else addEventListener('load',painted,{{once:true}});}}}})()"
    )
}

/// Which links the browser may fetch before they are followed, so a move between steps (a
/// normal page load) feels instant: the most likely next step (the primary action) at once, any
/// other guide link in the page once the pointer rests on it or presses it. Browsers skip these
/// on Save-Data and battery saver; the server does not count a prefetch as a view (the page
/// reports itself if it is shown, see [`prefetched_view_js`]).
const SPECULATION_RULES: &str = r#"{"prefetch":[{"where":{"selector_matches":"main .actions a.btn-primary[href^='/articles/']"},"eagerness":"eager"},{"where":{"selector_matches":"main a[href^='/articles/'], main a[href^='/search']"},"eagerness":"moderate"}]}"#;

/// Reports to the server (`crate::VIEW_BEACON`) a guide or search page it did not count because
/// the request was a prefetch: sent when the browser shows the page from that prefetch (or, for
/// a prerender, when the visitor actually opens it). The body is the page's path and query and,
/// on a second line, the page before it (the referrer on this site). Nothing else is sent. Inline
/// and tiny, so the view is counted even when the visitor moves on before the islands load.
fn prefetched_view_js() -> String {
    format!(
        "(()=>{{const u=location.pathname+location.search;if(!u.startsWith('/articles/')&&!u.startsWith('/search?'))return;\
         const o=location.origin+'/',r=document.referrer,from=r.startsWith(o)?r.slice(o.length-1):'';\
         const send=()=>navigator.sendBeacon({beacon:?},u+'\\n'+from);\
         if(document.prerendering){{document.addEventListener('prerenderingchange',send,{{once:true}});return;}}\
         const n=performance.getEntriesByType('navigation')[0];if(n&&n.deliveryType==='navigational-prefetch')send();}})()",
        beacon = crate::VIEW_BEACON
    )
}
