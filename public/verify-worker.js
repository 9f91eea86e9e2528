// Fixpath's firmware hashing worker. It reads the File it is given in chunks, straight from the
// user's disk, and feeds them to the fixpath-hasher wasm module (hasher/): the bytes never leave
// this worker, and memory stays flat whatever the file size. The page terminates the worker to
// cancel.
//
// Messages in:  { file: File, mask: number }   (mask bits: 1 SHA-256, 2 SHA-512, 4 SHA-1, 8 MD5)
// Messages out: { type: "progress", done, total, elapsedMs }
//               { type: "done", digests: { sha256: "…", … }, total, elapsedMs }
//               { type: "error", message }
"use strict";

const CHUNK = 8 * 1024 * 1024;
const PROGRESS_EVERY_MS = 100;

// The smallest module using a SIMD instruction: valid only where wasm SIMD is supported.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

let hasher = null;

async function loadHasher() {
  if (hasher) return hasher;
  const flavour = WebAssembly.validate(SIMD_PROBE) ? "simd" : "plain";
  const url = new URL(`hasher/${flavour}.wasm`, self.location.href);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load the hasher (${response.status})`);
  const { instance } = await WebAssembly.instantiate(await response.arrayBuffer(), {});
  const x = instance.exports;
  hasher = { x, buf: x.fp_alloc(CHUNK), out: x.fp_alloc(512) };
  return hasher;
}

// Reads the file into one reused buffer through a BYOB stream reader, so steady-state hashing
// allocates nothing (a new ArrayBuffer per chunk leaves hundreds of MB for the garbage collector
// on multi-GB files). Calls `eat(bytes)` with each full buffer (and the last partial one).
async function readReusing(file, eat) {
  const reader = file.stream().getReader({ mode: "byob" });
  let buffer = new ArrayBuffer(CHUNK);
  for (;;) {
    let filled = 0;
    let finished = false;
    while (filled < CHUNK) {
      const { value, done } = await reader.read(new Uint8Array(buffer, filled, CHUNK - filled));
      if (value) {
        buffer = value.buffer; // the read transferred the buffer; keep using its new handle
        filled += value.byteLength;
      }
      if (done) {
        finished = true;
        break;
      }
    }
    if (filled > 0) eat(new Uint8Array(buffer, 0, filled));
    if (finished) return;
  }
}

// Fallback where byte streams are missing: slices read one ahead.
async function readSlices(file, eat) {
  const total = file.size;
  let done = 0;
  let next = total > 0 ? file.slice(0, Math.min(CHUNK, total)).arrayBuffer() : null;
  while (done < total) {
    const chunk = new Uint8Array(await next);
    if (chunk.length === 0) throw new Error("the file ended early (was it changed while being checked?)");
    const after = done + chunk.length;
    next = after < total ? file.slice(after, Math.min(after + CHUNK, total)).arrayBuffer() : null;
    eat(chunk);
    done = after;
  }
}

function byobSupported() {
  try {
    new Blob([]).stream().getReader({ mode: "byob" }).releaseLock();
    return true;
  } catch {
    return false;
  }
}

async function hashFile(file, mask) {
  const { x, buf, out } = await loadHasher();
  const total = file.size;
  const started = performance.now();
  let lastPost = 0;
  let done = 0;
  const h = x.fp_new(mask);
  const eat = (chunk) => {
    // memory.buffer is re-read each time: it is replaced if the module's memory grows.
    new Uint8Array(x.memory.buffer, buf, chunk.length).set(chunk);
    x.fp_update(h, buf, chunk.length);
    done += chunk.length;
    const now = performance.now();
    if (now - lastPost >= PROGRESS_EVERY_MS) {
      lastPost = now;
      postMessage({ type: "progress", done, total, elapsedMs: now - started });
    }
  };
  try {
    await (byobSupported() ? readReusing(file, eat) : readSlices(file, eat));
    if (done !== total) throw new Error("the file changed size while being checked: check it again");
  } catch (e) {
    x.fp_drop(h);
    throw e;
  }
  const n = x.fp_finish(h, out, 512);
  const text = new TextDecoder().decode(new Uint8Array(x.memory.buffer, out, n).slice());
  const digests = {};
  for (const line of text.split("\n")) {
    const [key, hex] = line.split("=");
    if (key && hex) digests[key] = hex;
  }
  return { digests, total, elapsedMs: performance.now() - started };
}

self.onmessage = async (event) => {
  const { file, mask } = event.data || {};
  if (!(file instanceof Blob) || typeof mask !== "number") {
    postMessage({ type: "error", message: "nothing to check" });
    return;
  }
  try {
    const result = await hashFile(file, mask);
    postMessage({ type: "done", ...result });
  } catch (e) {
    const reason = e && e.name === "NotReadableError"
      ? "the file could not be read: it may have been moved, changed or be on a disconnected drive"
      : String((e && e.message) || e);
    postMessage({ type: "error", message: reason });
  }
};
