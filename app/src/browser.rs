//! The few things only a browser can do (clipboard, marking the page live), as no-ops on the server.

/// What every page does once its islands are wanted (before they hydrate): makes code blocks'
/// copy buttons work.
#[cfg(feature = "hydrate")]
pub(crate) fn page_loaded() {
    enable_code_copy();
}

/// Makes the copy button of every code block (the server writes them hidden; the stylesheet
/// shows them where JavaScript runs, and a click before this is replayed) copy its block. One
/// listener for the document.
#[cfg(feature = "hydrate")]
fn enable_code_copy() {
    use wasm_bindgen::JsCast;
    // Lives as long as the page: the handle is not kept to remove it.
    let _ = leptos::prelude::window_event_listener(leptos::ev::click, |ev| {
        let Some(button) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest(".copy-code").ok().flatten())
        else {
            return;
        };
        let text = button
            .next_element_sibling()
            .and_then(|pre| pre.text_content())
            .unwrap_or_default();
        copy_text(text, move |ok| {
            button.set_text_content(Some(if ok { "Copied" } else { "Copy by hand" }));
            leptos::prelude::set_timeout(
                move || button.set_text_content(Some("Copy")),
                std::time::Duration::from_secs(2),
            );
        });
    });
}

/// Copies `text` to the clipboard; calls `done(true)` on success, `done(false)` on failure.
pub(crate) fn copy_text(text: String, done: impl FnOnce(bool) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let navigator = leptos::prelude::window().navigator();
        // Browsers give the clipboard only to secure pages (HTTPS or localhost): a help site
        // served over plain HTTP on a LAN has none, and the button then says to copy by hand.
        let has_clipboard = js_sys::Reflect::get(&navigator, &wasm_bindgen::JsValue::from_str("clipboard"))
            .is_ok_and(|c| !c.is_undefined() && !c.is_null());
        if !has_clipboard {
            done(false);
            return;
        }
        let promise = navigator.clipboard().write_text(&text);
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
pub(crate) fn current_url() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window().location().href().ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// Opens `url` (a path of this site) as a new page.
pub(crate) fn open(url: &str) {
    #[cfg(feature = "hydrate")]
    let _ = leptos::prelude::window().location().set_href(url);
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// Opens the browser's print dialog.
pub(crate) fn print() {
    #[cfg(feature = "hydrate")]
    let _ = leptos::prelude::window().print();
}

/// The site's configured public address for absolute links in copied text, or "" (links stay
/// relative), from the server's context (the pages that use it are rendered on the server).
/// Nothing a client sends (`Host`, `X-Forwarded-Host`) is used.
pub(crate) fn origin() -> String {
    leptos::prelude::use_context::<crate::PublicUrl>()
        .map(|crate::PublicUrl(url)| url)
        .unwrap_or_default()
}

/// Pressing `/` anywhere outside a text field focuses the element with `id`.
pub(crate) fn on_slash_focus(id: &'static str) {
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
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        || el.has_attribute("contenteditable")
                });
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

/// A file the user picked or dropped: its name and size, and (in the browser) the handle the
/// hashing worker reads it through. Its bytes are never read on this thread.
#[derive(Clone, Debug)]
pub(crate) struct PickedFile {
    /// The file's name, without any folder.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    #[cfg(feature = "hydrate")]
    file: web_sys::File,
}

/// The files of an `<input type="file">` change event; the input is cleared for the next pick.
pub(crate) fn files_from_input(ev: &leptos::ev::Event) -> Vec<PickedFile> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return vec![];
        };
        let files = input.files().map(|list| file_list(&list)).unwrap_or_default();
        // Cleared, so choosing the same file again (a fresh download under the same name) is
        // a change and starts a new check. The files taken stay readable.
        input.set_value("");
        files
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        vec![]
    }
}

/// The files of a drop event.
pub(crate) fn files_from_drop(ev: &leptos::ev::DragEvent) -> Vec<PickedFile> {
    #[cfg(feature = "hydrate")]
    {
        ev.data_transfer()
            .and_then(|dt| dt.files())
            .map(|list| file_list(&list))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        vec![]
    }
}

impl crate::firmware::checker::GivenFile for PickedFile {
    fn name(&self) -> &str {
        &self.name
    }

    fn size(&self) -> u64 {
        self.size
    }
}

#[cfg(feature = "hydrate")]
fn file_list(list: &web_sys::FileList) -> Vec<PickedFile> {
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| PickedFile {
            name: file.name(),
            size: file.size().max(0.0) as u64,
            file,
        })
        .collect()
}

/// Reads a small file (a checksum list) as text; `done` gets the text or a message.
pub(crate) fn read_text(file: &PickedFile, done: impl FnOnce(Result<String, String>) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let promise = file.file.text();
        leptos::task::spawn_local(async move {
            let result = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .ok()
                .and_then(|v| v.as_string())
                .ok_or_else(|| "the file could not be read as text".to_string());
            done(result);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = file;
        done(Err("files can only be read in the browser".to_string()));
    }
}

/// A file being hashed in a Web Worker (`public/verify-worker.js`); [`HashJob::cancel`] stops it.
pub(crate) struct HashJob {
    #[cfg(feature = "hydrate")]
    worker: web_sys::Worker,
    #[cfg(feature = "hydrate")]
    _on_message: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
    #[cfg(feature = "hydrate")]
    _on_error: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>,
}

impl HashJob {
    /// Stops the worker at once; no more events arrive.
    pub(crate) fn cancel(&self) {
        #[cfg(feature = "hydrate")]
        self.worker.terminate();
    }
}

impl Drop for HashJob {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// A message from the hashing worker (`public/verify-worker.js`) as a checker event.
#[cfg(feature = "hydrate")]
fn worker_event(data: &wasm_bindgen::JsValue) -> crate::firmware::checker::HashEvent {
    use crate::firmware::checker::HashEvent;
    use crate::firmware::Algorithm;
    use crate::model::Digest;
    use wasm_bindgen::JsValue;
    let get = |v: &JsValue, key: &str| js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let num = |key: &str| get(data, key).as_f64().unwrap_or(0.0);
    match get(data, "type").as_string().as_deref() {
        Some("progress") => HashEvent::Progress {
            done: num("done"),
            total: num("total"),
            elapsed_ms: num("elapsedMs"),
        },
        Some("done") => {
            let digests = get(data, "digests");
            HashEvent::Done {
                digests: Algorithm::ALL
                    .into_iter()
                    .filter_map(|algorithm| {
                        get(&digests, algorithm.key())
                            .as_string()
                            .map(|hex| Digest { algorithm, hex })
                    })
                    .collect(),
                total: num("total"),
                elapsed_ms: num("elapsedMs"),
            }
        }
        _ => HashEvent::Failed(
            get(data, "message")
                .as_string()
                .unwrap_or_else(|| "the file could not be checked".to_string()),
        ),
    }
}

/// Starts hashing `file` with `algorithms` in a new worker; events go to `on_event`.
pub(crate) fn start_hash(
    file: &PickedFile,
    algorithms: &[crate::firmware::Algorithm],
    on_event: impl Fn(crate::firmware::checker::HashEvent) + 'static,
) -> Result<HashJob, String> {
    #[cfg(feature = "hydrate")]
    {
        use crate::firmware::checker::HashEvent;
        use crate::firmware::Algorithm;
        use wasm_bindgen::{closure::Closure, JsValue};
        let worker = web_sys::Worker::new("/verify-worker.js")
            .map_err(|_| "this browser cannot start the hashing worker".to_string())?;
        let on_event = std::rc::Rc::new(on_event);
        // The worker script failed to load or threw before it could answer (a blocked or
        // missing file, a message it could not read): say so instead of waiting for ever.
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new({
            let on_event = on_event.clone();
            move |ev: web_sys::Event| {
                ev.prevent_default();
                on_event(HashEvent::Failed(
                    "the hashing worker stopped (reload the page and try again)".to_string(),
                ));
            }
        });
        worker.set_onerror(Some(wasm_bindgen::JsCast::unchecked_ref(on_error.as_ref())));
        worker.set_onmessageerror(Some(wasm_bindgen::JsCast::unchecked_ref(on_error.as_ref())));
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |msg: web_sys::MessageEvent| {
            on_event(worker_event(&msg.data()));
        });
        worker.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(on_message.as_ref())));
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str("file"), &file.file);
        let mask = Algorithm::mask(algorithms.iter().copied());
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str("mask"), &JsValue::from(mask));
        worker
            .post_message(&message)
            .map_err(|_| "the file could not be handed to the hashing worker".to_string())?;
        Ok(HashJob {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (file, algorithms, on_event);
        Err("files can only be checked in the browser".to_string())
    }
}
