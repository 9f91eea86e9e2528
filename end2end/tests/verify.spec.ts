import { Page } from "@playwright/test";
import { test, expect, SEED, openLive } from "./helpers";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Firmware files are made here, deterministic, and their expected hashes come from coreutils
// (`sha256sum`, `md5sum`), never from the code under test.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fixpath-verify-"));
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A file of `size` pseudo-random bytes (xorshift, seeded by the size). */
function makeFile(name: string, size: number): string {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, "w");
  const block = Buffer.alloc(Math.min(size, 8 << 20));
  let x = (size ^ 0x9e3779b9) >>> 0 || 1;
  for (let written = 0; written < size; ) {
    const n = Math.min(block.length, size - written);
    for (let i = 0; i < n; i++) {
      x ^= x << 13; x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5; x >>>= 0;
      block[i] = x & 0xff;
    }
    fs.writeSync(fd, block, 0, n);
    written += n;
  }
  fs.closeSync(fd);
  return file;
}

/** The demo images listed in the seed article's front matter (see its comment). */
function demoImage(name: string, size: number): string {
  const line = Buffer.from(`FIXPATH DEMO IMAGE ${name}\n`);
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i += line.length) line.copy(buf, i, 0, Math.min(line.length, size - i));
  const file = path.join(dir, name);
  fs.writeFileSync(file, buf);
  return file;
}

/** The hash coreutils' `tool` (sha256sum, sha512sum, sha1sum, md5sum) prints for `file`. */
const coreutils = (tool: string, file: string) => execFileSync(tool, [file]).toString().split(" ")[0];

async function hash(page: Page, file: string) {
  const size = fs.statSync(file).size;
  await page.locator(".hc-file-input").first().setInputFiles(file);
  const result = page.locator(`.hc-result[data-state=done][data-bytes="${size}"]`).first();
  await expect(result).toBeVisible({ timeout: 120_000 });
  return result;
}

test("hashes of edge-size files equal sha256sum's", async ({ page }) => {
  test.setTimeout(240_000);
  await openLive(page, "/verify");
  // The SHA block edges (55/56/64), the 1 MiB + 1, the worker's 8 MiB read size ± 1,
  // and a 100 MiB file that ends inside a read.
  const MiB = 1024 * 1024;
  for (const size of [0, 1, 55, 56, 64, MiB + 1, 8 * MiB - 1, 8 * MiB, 8 * MiB + 1, 100 * MiB + 3]) {
    const file = makeFile(`edge-${size}.bin`, size);
    const result = await hash(page, file);
    await expect(result.locator("code.hc-hash[data-algorithm=sha256]"), `${size} bytes`).toHaveText(coreutils("sha256sum", file));
  }
});

test("a dropped file is checked like a picked one", async ({ page }) => {
  await openLive(page, "/verify");
  const text = "dropped firmware\n".repeat(5000);
  const file = path.join(dir, "dropped.bin");
  fs.writeFileSync(file, text);
  const dataTransfer = await page.evaluateHandle((t) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], "dropped.bin"));
    return dt;
  }, text);
  await page.dispatchEvent(".hc-drop", "dragover", { dataTransfer });
  await expect(page.locator(".hc-drop.over")).toHaveCount(1);
  await page.dispatchEvent(".hc-drop", "drop", { dataTransfer });
  const result = page.locator(".hc-result[data-state=done]");
  await expect(result.locator("code.hc-hash[data-algorithm=sha256]")).toHaveText(coreutils("sha256sum", file));
  await expect(result).toContainText("dropped.bin");
});

test("an image dropped with its checksum file is checked against it", async ({ page }) => {
  await openLive(page, "/verify");
  const image = "firmware dropped with its list\n".repeat(3000);
  const file = path.join(dir, "fw-with-list.bin");
  fs.writeFileSync(file, image);
  // The list gives only an MD5: it is read first, so the one pass computes MD5 too.
  const list = `${coreutils("md5sum", file)}  fw-with-list.bin\n`;
  const dataTransfer = await page.evaluateHandle(([img, sums]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([sums], "MD5SUMS"));
    dt.items.add(new File([img], "fw-with-list.bin"));
    return dt;
  }, [image, list]);
  await page.dispatchEvent(".hc-drop", "drop", { dataTransfer });
  const result = page.locator(".hc-result[data-state=done]");
  await expect(result).toContainText("fw-with-list.bin");
  await expect(result.locator("code.hc-hash[data-algorithm=md5]")).toHaveText(coreutils("md5sum", file));
  const verdict = page.locator(".verdict", { hasText: "Checksum file" });
  await expect(verdict).toHaveAttribute("data-verdict", "match");
  await expect(page.getByRole("button", { name: /Hash again/ })).toHaveCount(0);
});

test("extra algorithms are computed in the same pass", async ({ page }) => {
  await openLive(page, "/verify");
  await page.getByRole("checkbox", { name: "MD5" }).check();
  const file = makeFile("extra.bin", 300_001);
  const result = await hash(page, file);
  await expect(result.locator("code.hc-hash[data-algorithm=sha256]")).toHaveText(coreutils("sha256sum", file));
  await expect(result.locator("code.hc-hash[data-algorithm=md5]")).toHaveText(coreutils("md5sum", file));
  await expect(result.locator("code.hc-hash[data-algorithm=sha512]")).toHaveCount(0);
});

test("every algorithm equals coreutils in one pass", async ({ page }) => {
  await openLive(page, "/verify");
  for (const name of ["SHA-512", "SHA-1", "MD5"]) await page.getByRole("checkbox", { name }).check();
  const file = makeFile("all-algorithms.bin", 9 * 1024 * 1024 + 77);
  const result = await hash(page, file);
  for (const [algorithm, tool] of [["sha256", "sha256sum"], ["sha512", "sha512sum"], ["sha1", "sha1sum"], ["md5", "md5sum"]]) {
    await expect(result.locator(`code.hc-hash[data-algorithm=${algorithm}]`), algorithm).toHaveText(coreutils(tool, file));
  }
});

test("a browser without wasm SIMD gets the plain build, with the same hashes", async ({ page, context }) => {
  const loaded: string[] = [];
  context.on("request", (r) => {
    if (r.url().includes("/hasher/")) loaded.push(new URL(r.url()).pathname);
  });
  // The worker's SIMD probe fails, as it does where wasm SIMD is missing.
  await context.route("**/verify-worker.js", async (route) => {
    const response = await route.fetch();
    const source = await response.text();
    const patched = source.replace("WebAssembly.validate(SIMD_PROBE)", "false");
    expect(patched, "the worker still probes for SIMD this way").not.toBe(source);
    await route.fulfill({ response, body: patched });
  });
  await openLive(page, "/verify");
  await page.getByRole("checkbox", { name: "SHA-1" }).check();
  const file = makeFile("plain-build.bin", 8 * 1024 * 1024 + 5);
  const result = await hash(page, file);
  await expect(result.locator("code.hc-hash[data-algorithm=sha256]")).toHaveText(coreutils("sha256sum", file));
  await expect(result.locator("code.hc-hash[data-algorithm=sha1]")).toHaveText(coreutils("sha1sum", file));
  expect(loaded).toEqual(["/hasher/plain.wasm"]);
});

test("a hash is copied with one click", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openLive(page, "/verify");
  const file = makeFile("copy-me.bin", 4096);
  const result = await hash(page, file);
  await result.locator(".hc-digest", { hasText: "SHA-256" }).getByRole("button", { name: "Copy" }).click();
  await expect(result.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(coreutils("sha256sum", file));
});

test("a known image matches and a pasted hash that differs shows where", async ({ page }) => {
  await openLive(page, "/verify");
  const file = demoImage("nova-g2-revA-2.4.1.bin", 1 << 20);
  await hash(page, file);
  const known = page.locator(".verdict[data-verdict=match]");
  await expect(known).toContainText("Match: this is Nova Gateway G2 rev A, version 2.4.1");
  await expect(known.getByRole("link", { name: "nova-g2-revA-2.4.1.bin in the firmware versions log" })).toHaveAttribute(
    "href",
    "/firmware#fw-nova-g2-reva-2.4.1.bin",
  );

  const good = coreutils("sha256sum", file);
  const bad = good.slice(0, 10) + (good[10] === "0" ? "1" : "0") + good.slice(11);
  await page.locator(".hc-pasted").fill(`SHA256: ${bad.toUpperCase()}`);
  const mismatch = page.locator(".verdict[data-verdict=mismatch]");
  await expect(mismatch).toContainText("Mismatch: the file's SHA-256 differs from the pasted hash");
  await expect(mismatch.locator(".hc-diff-expected mark")).toHaveCount(1);
  await expect(mismatch.locator(".hc-diff-actual")).toHaveText(good);

  await page.locator(".hc-pasted").fill(`  ${good.toUpperCase()}  nova-g2-revA-2.4.1.bin`);
  await expect(page.locator(".verdict[data-verdict=mismatch]")).toHaveCount(0);
  await expect(page.locator(".verdict[data-verdict=match]")).toHaveCount(2);

  // An MD5 pasted after hashing needs another pass, offered with a button.
  await page.locator(".hc-pasted").fill(coreutils("md5sum", file));
  await page.getByRole("button", { name: "Hash again with MD5" }).click();
  await expect(page.locator(".verdict[data-verdict=match]")).toHaveCount(2);
});

test("the image for other hardware is named as such", async ({ page }) => {
  await openLive(page, `${SEED}/fix/hardware/2`);
  await hash(page, demoImage("nova-g2-revA-2.4.1.bin", 1 << 20));
  const verdict = page.locator(".verdict[data-verdict=wrong-image]");
  await expect(verdict).toContainText("Wrong image: this is the image for Nova Gateway G2 rev A, not Nova Gateway G2 rev B");
  await expect(verdict).toContainText("download nova-g2-revB-2.4.1.bin instead");

  await hash(page, demoImage("nova-g2-revB-2.4.1.bin", 1 << 20));
  await expect(page.locator(".verdict[data-verdict=match]")).toContainText("Nova Gateway G2 rev B");

  // A damaged download of the image this step expects: both hashes, the differences marked.
  const damaged = demoImage("nova-g2-revB-2.4.1.bin", 1 << 20);
  const fd = fs.openSync(damaged, "r+");
  fs.writeSync(fd, Buffer.from([0]), 0, 1, 123_456);
  fs.closeSync(fd);
  await hash(page, damaged);
  const mismatch = page.locator(".verdict[data-verdict=mismatch]");
  await expect(mismatch).toContainText("Mismatch: this file is not Nova Gateway G2 rev B, version 2.4.1");
  await expect(mismatch.locator(".hc-diff-expected")).toHaveText("d7f10dd0aa15d6429788124ac13925564b0c56dcee331bfdc87dadf116731746");
  await expect(mismatch.locator(".hc-diff-actual")).toHaveText(coreutils("sha256sum", damaged));
  expect(await mismatch.locator(".hc-diff-actual mark").count()).toBeGreaterThan(40);
});

test("checksum files in GNU and BSD format are matched by file name", async ({ page }) => {
  await openLive(page, "/verify");
  const file = makeFile("camera-3.2.bin", 70_000);
  const other = makeFile("other.bin", 10);
  const gnu = path.join(dir, "SHA256SUMS");
  fs.writeFileSync(gnu, `${coreutils("sha256sum", other)}  other.bin\n${coreutils("sha256sum", file)} *./fw/camera-3.2.bin\nthis line is broken\n`);
  await hash(page, file);
  await page.locator(".hc-list-input").setInputFiles(gnu);
  const verdict = page.locator(".verdict", { hasText: "Checksum file" });
  await expect(verdict).toHaveAttribute("data-verdict", "match");
  await expect(verdict).toContainText("the entry for “./fw/camera-3.2.bin” (line 2)");
  await expect(page.locator(".hc-note")).toContainText("line 3: not a checksum line");

  const bsd = path.join(dir, "camera.md5");
  const wrong = "0".repeat(32);
  fs.writeFileSync(bsd, `MD5 (camera-3.2.bin) = ${wrong}\n`);
  await page.locator(".hc-list-input").setInputFiles(bsd);
  // The list needs MD5, which was not computed yet: the checker offers a second pass.
  await page.getByRole("button", { name: "Hash again with MD5" }).click();
  await expect(verdict).toHaveAttribute("data-verdict", "mismatch");
  await expect(verdict.locator(".hc-diff-actual")).toHaveText(coreutils("md5sum", file));
});

test("a large check can be cancelled midway", async ({ page }) => {
  await openLive(page, "/verify");
  const big = path.join(dir, "sparse-2g.img");
  fs.closeSync(fs.openSync(big, "w"));
  fs.truncateSync(big, 2 * 1024 * 1024 * 1024);
  // The worker must really stop (not just the progress bar): watch it close.
  let closed = false;
  page.on("worker", (w) => w.on("close", () => (closed = true)));
  await page.locator(".hc-file-input").setInputFiles(big);
  await expect(page.locator(".hc-progress-text")).toContainText("%", { timeout: 20_000 });
  // Speed and time left, as the user sees them while waiting.
  await expect(page.locator(".hc-progress-text")).toHaveText(/^\d+% · [\d.]+ [KMG]?B\/s · .+ left$/);
  const percent = parseInt((await page.locator(".hc-progress-text").innerText()).split("%")[0], 10);
  expect(percent).toBeLessThan(90);
  expect(page.workers().length).toBe(1);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.locator("[data-state=cancelled]")).toBeVisible();
  await expect.poll(() => closed, { timeout: 5000 }).toBe(true);
  expect(page.workers()).toEqual([]);
  await expect(page.locator("[data-state=done]")).toHaveCount(0);
  await expect(page.locator("[data-state=hashing]")).toHaveCount(0);
});

test("no file bytes go over the network", async ({ page, context }) => {
  const marker = "FIXPATH-PRIVATE-MARKER-7f3a";
  const file = path.join(dir, "private.bin");
  fs.writeFileSync(file, Buffer.from(marker.repeat(40_000)));
  const seen: { method: string; url: string; body: number; leaks: boolean }[] = [];
  context.on("request", (r) => {
    const body = r.postDataBuffer();
    const leaks = (!!body && body.includes(marker)) || r.url().includes(marker) || Object.values(r.headers()).some((v) => v.includes(marker));
    seen.push({ method: r.method(), url: r.url(), body: body?.length ?? 0, leaks });
  });
  const sockets: string[] = [];
  page.on("websocket", (ws) => sockets.push(ws.url()));
  await openLive(page, "/verify");
  await hash(page, file);
  await page.locator(".hc-list-input").setInputFiles(file);
  await page.waitForTimeout(500);
  expect(seen.some((r) => r.url.includes("/hasher/")), "the worker's wasm load is observed").toBe(true);
  expect(seen.filter((r) => r.leaks)).toEqual([]);
  expect(seen.filter((r) => r.method !== "GET")).toEqual([]);
  expect(seen.reduce((n, r) => n + r.body, 0)).toBe(0);
  expect(sockets).toEqual([]);
  await expect(page.locator(".hc-privacy")).toContainText("never uploaded");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the checker explains what it needs and gives the commands", async ({ page }) => {
    await page.goto("/verify");
    await expect(page.getByText("Checking a file on this page needs JavaScript.")).toBeVisible();
    await expect(page.locator(".hc-live")).toBeHidden();
    const cli = page.locator(".hc-cli");
    for (const cmd of ["sha256sum FILE", "certutil -hashfile FILE SHA256", "shasum -a 256 FILE"]) {
      await expect(cli.getByText(cmd)).toBeVisible();
    }
    await page.locator(".hc-known summary").click();
    await expect(page.getByText("200cfc81e5193432f3ead62b244b6a694ca4ac494d1bdb186401ef025854c7ac")).toBeVisible();
  });
});
