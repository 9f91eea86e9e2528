//! How the page starts its wasm: after the page has loaded and the browser is idle (at the
//! latest 2 s later), with no preload hints in the `<head>`. The pages are readable and usable
//! without JavaScript, so the 500 KB of wasm must never compete with what paints them (on a slow
//! phone connection a preloaded wasm delays the largest paint by seconds).

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

/// The `<script>` that loads the app and hydrates the page once it has loaded and the browser is
/// idle.
pub(crate) fn late_hydration(options: &LeptosOptions) -> impl IntoView {
    let (js, wasm) = file_names(options);
    let nonce = leptos::nonce::use_nonce();
    let script = format!(
        "(()=>{{const go=()=>import({js:?}).then(m=>m.default({{module_or_path:{wasm:?}}}).then(()=>m.hydrate()));\
         const idle=()=>('requestIdleCallback' in window)?requestIdleCallback(go,{{timeout:2000}}):setTimeout(go,0);\
         if(document.readyState==='complete')idle();else addEventListener('load',idle,{{once:true}});}})()"
    );
    view! { <script type="module" nonce=nonce>{script}</script> }
}
