import { test, expect, markDocument, documentSurvived } from "./helpers";
import { spawn, ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Watch mode, as a writer uses it: a server of its own, watching a scratch copy of the content.
const root = path.resolve(__dirname, "..", "..");
const port = 3111;
const base = `http://127.0.0.1:${port}`;
let server: ChildProcess;
let dir: string;
let log = "";

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fixpath-live-"));
  // The whole folder: sections (subfolders) and the articles in them that the seed links to.
  fs.cpSync(path.join(root, "content"), dir, { recursive: true });
  server = spawn(
    path.join(root, "target/release/fixpath"),
    ["--watch", "--addr", `127.0.0.1:${port}`, "--content", dir],
    { cwd: root, stdio: ["ignore", "ignore", "pipe"] },
  );
  server.stderr!.on("data", (d) => (log += d.toString()));
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`watch-mode server did not start:\n${log}`);
});

test.afterAll(async () => {
  server?.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = () => path.join(dir, "firmware-flash-failed.md");
const pristine = () => fs.readFileSync(path.join(root, "content", "firmware-flash-failed.md"), "utf8");
const servedTitle = async () =>
  (await (await fetch(`${base}/api/articles/firmware-flash-failed`)).json()).title;

// Every test starts from the bundled article and no extra files, whatever the test before it
// saved, so each one can run alone (`--grep`) and a failure does not cascade.
test.beforeEach(async () => {
  for (const extra of ["doorbell-chime.md", "half-written.md"]) {
    fs.rmSync(path.join(dir, extra), { force: true });
  }
  if (fs.readFileSync(file(), "utf8") !== pristine()) fs.writeFileSync(file(), pristine());
  await expect.poll(servedTitle, { timeout: 5000 }).toBe("Firmware flash failed");
});

test("an open page refreshes by itself when its article is saved", async ({ page }) => {
  await page.goto(`${base}/articles/firmware-flash-failed/fix/checksum/1`);
  await expect(page.locator("h1")).toHaveText("Firmware flash failed");
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
  await markDocument(page);
  const text = fs.readFileSync(file(), "utf8");
  fs.writeFileSync(file(), text.replace("title: Firmware flash failed", "title: Firmware flash failed (edited)"));
  // No navigation by the test: the page reloads itself, on the same step.
  await expect(page.locator("h1")).toHaveText("Firmware flash failed (edited)", { timeout: 5000 });
  expect(await documentSurvived(page)).toBe(false);
  expect(new URL(page.url()).pathname).toBe("/articles/firmware-flash-failed/fix/checksum/1");
});

test("a save that breaks the article keeps the last good version and shows the writer why", async ({ page }) => {
  await page.goto(`${base}/articles/firmware-flash-failed`);
  await expect(page.locator("h1")).toHaveText("Firmware flash failed");
  const text = fs.readFileSync(file(), "utf8");
  fs.writeFileSync(file(), text.replace("## Symptom", "## Symptoms seen"));
  const banner = page.locator(".writer-banner");
  await expect(banner).toBeVisible({ timeout: 5000 });
  await expect(banner).toContainText("last version that loaded");
  await expect(banner).toContainText("no `## Symptom` section");
  await expect(page.locator("h1")).toHaveText("Firmware flash failed");
  await page.screenshot({ path: "test-results/live-banner.png", fullPage: false });
  expect(log).toContain("no `## Symptom` section");

  fs.writeFileSync(file(), text);
  await expect(banner).toHaveCount(0, { timeout: 5000 });
});

test("a new article appears on the open home page; a deleted one leaves it", async ({ page }) => {
  await page.goto(`${base}/`);
  const extra = path.join(dir, "doorbell-chime.md");
  const seed = fs.readFileSync(file(), "utf8");
  fs.writeFileSync(extra, seed.replace(/title: .*/, "title: Doorbell chime stays silent"));
  await expect(page.getByRole("link", { name: "Doorbell chime stays silent" }).first()).toBeVisible({ timeout: 5000 });
  fs.rmSync(extra);
  await expect(page.getByRole("link", { name: "Doorbell chime stays silent" })).toHaveCount(0, { timeout: 5000 });
});

test("a new file that does not load is listed on every page for the writer", async ({ page }) => {
  await page.goto(`${base}/articles/firmware-flash-failed`);
  const bad = path.join(dir, "half-written.md");
  fs.writeFileSync(bad, "# Half written\n\n## Fix\n\nNo symptom yet.\n");
  const strip = page.locator(".content-problems");
  await expect(strip).toBeVisible({ timeout: 5000 });
  await expect(strip).toContainText("half-written.md:1:1: error: no `## Symptom` section");
  await page.screenshot({ path: "test-results/live-offline-strip.png" });
  fs.rmSync(bad);
  await expect(strip).toHaveCount(0, { timeout: 5000 });
  await expect(page.locator("h1")).toHaveText("Firmware flash failed");
});

test("a save made before the page starts listening still refreshes it", async ({ page }) => {
  // Hold the page's event stream until the server has already reloaded: the page must notice
  // that the first version it hears is not the one it was rendered from.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route("**/_fixpath/events", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${base}/articles/firmware-flash-failed`, { waitUntil: "domcontentloaded" });
  await expect(page.locator("h1")).toHaveText("Firmware flash failed");
  const text = fs.readFileSync(file(), "utf8");
  fs.writeFileSync(file(), text.replace("title: Firmware flash failed", "title: Firmware flash failed (saved early)"));
  await expect.poll(servedTitle, { timeout: 5000 }).toBe("Firmware flash failed (saved early)");
  await expect(page.locator("h1")).toHaveText("Firmware flash failed");
  release();
  await expect(page.locator("h1")).toHaveText("Firmware flash failed (saved early)", { timeout: 5000 });
  await page.unrouteAll({ behavior: "ignoreErrors" });
});
