// Benchmark: hashing a 1 GiB file through the real /verify page in headless Chromium, beside
// native `sha256sum` and the `hash-wasm` npm package in the same browser; then the tab's memory
// while a 4 GiB file is hashed. Prints figures; asserts nothing.
//
//   node end2end/bench/hash.mjs [SIZE_MIB=1024] [RUNS=3]     (after `cargo leptos build --release`
//                                                              and `script/build-hasher`)
import { chromium } from "playwright-core";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const sizeMiB = Number(process.argv[2] ?? 1024);
const runs = Number(process.argv[3] ?? 3);
const port = 3109;
const base = `http://127.0.0.1:${port}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fixpath-bench-"));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);

function makeFile(file, mib) {
  const block = Buffer.alloc(8 << 20);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  const fd = fs.openSync(file, "w");
  for (let i = 0; i < mib / 8; i++) {
    block.writeUInt32LE(i, 0);
    fs.writeSync(fd, block);
  }
  fs.closeSync(fd);
}

const server = spawn(path.join(root, "target/release/fixpath"), ["--addr", `127.0.0.1:${port}`, "--content", path.join(root, "content")], {
  cwd: root,
  stdio: "ignore",
});
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base + "/verify")).ok) break;
    } catch {}
    if (i > 240) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  const file = path.join(dir, "image.bin");
  makeFile(file, sizeMiB);
  const bytes = fs.statSync(file).size;
  execFileSync("cat", [file], { stdio: ["ignore", "ignore", "ignore"] }); // warm the page cache

  const native = [];
  let nativeHash = "";
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    nativeHash = execFileSync("sha256sum", [file]).toString().slice(0, 64);
    native.push(performance.now() - t);
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  const page = await browser.newPage();
  await page.goto(base + "/verify");
  await page.waitForSelector("body[data-hydrated]");

  const fixpath = [];
  for (let i = 0; i < runs; i++) {
    await page.reload();
    await page.waitForSelector("body[data-hydrated]");
    await page.setInputFiles(".hc-file-input", file);
    const done = page.locator(".hc-result[data-state=done]");
    await done.waitFor({ timeout: 600_000 });
    const hash = await done.locator("code[data-algorithm=sha256]").innerText();
    if (hash !== nativeHash) throw new Error(`fixpath hash ${hash} != sha256sum ${nativeHash}`);
    fixpath.push(Number(await done.getAttribute("data-elapsed-ms")));
  }

  // hash-wasm in a worker of the same page, reading the same File the same way (8 MiB chunks,
  // one read ahead), so only the hashing code differs.
  const lib = fs.readFileSync(path.join(root, "end2end/node_modules/hash-wasm/dist/sha256.umd.min.js"), "utf8");
  const workerSource = `${lib}
    onmessage = async ({ data: file }) => {
      const CHUNK = 8 << 20;
      const h = await hashwasm.createSHA256(); h.init();
      const t = performance.now();
      let done = 0, next = file.slice(0, CHUNK).arrayBuffer();
      while (done < file.size) {
        const chunk = new Uint8Array(await next);
        const after = done + chunk.length;
        next = after < file.size ? file.slice(after, after + CHUNK).arrayBuffer() : null;
        h.update(chunk); done = after;
      }
      postMessage({ hash: h.digest(), ms: performance.now() - t });
    };`;
  await page.evaluate(() => {
    const input = document.createElement("input");
    input.type = "file";
    input.id = "bench-input";
    document.body.append(input);
  });
  await page.setInputFiles("#bench-input", file);
  const hashWasm = [];
  for (let i = 0; i < runs; i++) {
    const r = await page.evaluate(
      (src) =>
        new Promise((resolve) => {
          const w = new Worker(URL.createObjectURL(new Blob([src], { type: "text/javascript" })));
          w.onmessage = (e) => { w.terminate(); resolve(e.data); };
          w.postMessage(document.getElementById("bench-input").files[0]);
        }),
      workerSource,
    );
    if (r.hash !== nativeHash) throw new Error(`hash-wasm ${r.hash} != ${nativeHash}`);
    hashWasm.push(r.ms);
  }

  // Memory: renderer processes' resident size while a 4 GiB (sparse) file is hashed.
  const big = path.join(dir, "big.img");
  fs.closeSync(fs.openSync(big, "w"));
  fs.truncateSync(big, 4 * 1024 ** 3);
  const rendererRss = () => {
    const out = execFileSync("ps", ["-eo", "rss=,args="]).toString();
    return out
      .split("\n")
      .filter((l) => l.includes("chromium") && l.includes("--type=renderer"))
      .reduce((kb, l) => kb + Number(l.trim().split(/\s+/)[0]), 0) / 1024;
  };
  await page.reload();
  await page.waitForSelector("body[data-hydrated]");
  await new Promise((r) => setTimeout(r, 500));
  const before = rendererRss();
  let peak = before;
  await page.setInputFiles(".hc-file-input", big);
  const sampler = setInterval(() => (peak = Math.max(peak, rendererRss())), 200);
  const done = page.locator(".hc-result[data-state=done]");
  await done.waitFor({ timeout: 900_000 });
  clearInterval(sampler);
  const bigMs = Number(await done.getAttribute("data-elapsed-ms"));
  await browser.close();

  const row = (name, ms) => `| ${name} | ${(median(ms) / 1000).toFixed(2)} s | ${mbps(bytes, median(ms)).toFixed(0)} MB/s | ${ms.map((m) => mbps(bytes, m).toFixed(0)).join(", ")} |`;
  console.log(`\nSHA-256 of a ${sizeMiB} MiB file, median of ${runs} runs (2-core machine)\n`);
  console.log("| hasher | time | speed | each run (MB/s) |\n|---|---|---|---|");
  console.log(row("native sha256sum (coreutils)", native));
  console.log(row("Fixpath /verify page (worker + wasm SIMD)", fixpath));
  console.log(row("hash-wasm " + JSON.parse(fs.readFileSync(path.join(root, "end2end/node_modules/hash-wasm/package.json"))).version + " (same worker loop)", hashWasm));
  console.log(`\n4 GiB file through /verify: ${(bigMs / 1000).toFixed(1)} s (${mbps(4 * 1024 ** 3, bigMs).toFixed(0)} MB/s); renderer RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB while hashing (+${(peak - before).toFixed(0)} MB)`);
} finally {
  server.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}
