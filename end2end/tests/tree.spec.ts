import { chromium } from "@playwright/test";
import { test, expect, SEED, openLive } from "./helpers";

test("walks the seed article from the symptom to resolved by clicking", async ({ page }) => {
  await openLive(page, SEED);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Firmware flash failed");
  await expect(page.getByText("A firmware update aborted partway through.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Which of these matches?" })).toBeVisible();
  await expect(page.locator(".choices li")).toHaveCount(4);
  await expect(page).toHaveTitle("Firmware flash failed · Fixpath");

  // Each step is a page of its own: its title names the step, so a screen reader announces it.
  await page.getByRole("link", { name: /checksum does not match/ }).click();
  await expect(page).toHaveURL(/\/articles\/firmware-flash-failed\/fix\/checksum\/1$/);
  await expect(page.getByText("Step 1 of 2")).toBeVisible();
  await expect(page).toHaveTitle(
    "Firmware image checksum does not match — the download was truncated or corrupted: step 1 of 2 – Firmware flash failed · Fixpath",
  );
  await expect(page.locator(".step-card")).toContainText("Compare the SHA-256");

  await page.getByRole("link", { name: "Done: next step" }).click();
  await expect(page.getByText("Step 2 of 2")).toBeVisible();
  await expect(page.locator(".step-card code").first()).toHaveText("curl");
  await expect(page.getByRole("heading", { name: "Did this fix it?" })).toBeVisible();

  await page.getByRole("link", { name: "Yes, it works now" }).click();
  await expect(page).toHaveURL(/\/verify\?fixed=checksum$/);
  await expect(page.getByRole("heading", { name: "Check that everything works" })).toBeVisible();
  await expect(page).toHaveTitle("Check that everything works – Firmware flash failed · Fixpath");
  await expect(page.locator(".checklist li")).toHaveCount(3);

  await page.getByRole("link", { name: "Yes, all good" }).click();
  await expect(page).toHaveURL(/\/resolved\?fixed=checksum$/);
  await expect(page.getByRole("heading", { name: /^Fixed/ })).toBeVisible();
  await expect(page.getByText("What fixed it:")).toContainText("If the checksum is wrong");
});

test("a step page carries that step only: no article data for hydration, no other fix", async ({ request }) => {
  const html = await (await request.get(`${SEED}/fix/power/1`)).text();
  // The step's own text is there…
  expect(html).toContain("Wait 10 minutes.");
  // …but not the other steps and fixes (the page is not hydrated from a copy of the article).
  expect(html).not.toContain("re-flash using the stock image");
  expect(html).not.toContain("Re-download the firmware");
  // Leptos' resource bookkeeping is written, empty: nothing was serialized for hydration.
  expect(html).toContain("__RESOLVED_RESOURCES=[];");
  expect(html).not.toMatch(/__RESOLVED_RESOURCES=\[[^\]]/);
  // Only the interactive parts are islands: the search box and the copy-link button.
  const islands = [...html.matchAll(/<leptos-island data-component="([A-Za-z]+)_/g)].map((m) => m[1]);
  expect(islands).toEqual(["SearchBox", "CopyLink"]);
});

test("'I'm not sure' walks every cause, then the last resort, then escalates with a summary", async ({ page }) => {
  await openLive(page, SEED);
  await page.getByRole("link", { name: /I'm not sure/ }).click();
  const causes: [string, number][] = [["space", 3], ["power", 3], ["checksum", 2], ["hardware", 3]];
  for (const [id, steps] of causes) {
    await expect(page).toHaveURL(new RegExp(`/fix/${id}/1\\?`));
    for (let i = 1; i < steps; i++) {
      await expect(page.getByText(`Step ${i} of ${steps}`)).toBeVisible();
      await page.getByRole("link", { name: "Done: next step" }).click();
    }
    await expect(page.getByText(`Step ${steps} of ${steps}`)).toBeVisible();
    await page.getByRole("link", { name: /^No: / }).click();
  }
  await expect(page).toHaveURL(/\/last-resort\/1\?/);
  await expect(page.getByRole("heading", { name: "Last resort: SD card reflash" })).toBeVisible();
  for (let i = 1; i < 3; i++) await page.getByRole("link", { name: "Done: next step" }).click();
  await page.getByRole("link", { name: "No: contact support" }).click();

  await expect(page).toHaveURL(/\/escalate\?tried=space,power,checksum,hardware&lr=1/);
  await expect(page.getByRole("heading", { name: "Contact support" })).toBeVisible();
  await expect(page.locator(".node-escalate .checklist li")).toHaveCount(4);
  const summary = await page.locator("pre.summary-text").innerText();
  expect(summary).toContain("Problem: Firmware flash failed");
  expect(summary).toContain("Tried without success:");
  expect(summary).toContain("1. Not enough free space on the device for the staging image. (fix: If space ran out)");
  expect(summary).toContain("   - Clear log partitions, old firmware backups, or uploaded snapshots.");
  expect(summary).toContain("4. Wrong firmware package");
  expect(summary).toContain("5. Last resort: SD card reflash");
  expect(summary).toMatch(/Guide: http:\/\/127\.0\.0\.1:\d+\/articles\/firmware-flash-failed\/escalate\?tried=/);
});

test("a cause that did not help returns to the remaining causes, marked as tried", async ({ page }) => {
  await openLive(page, SEED);
  await page.getByRole("link", { name: /Power lost during flashing/ }).click();
  await page.getByRole("link", { name: "Done: next step" }).click();
  await page.getByRole("link", { name: "Done: next step" }).click();
  await page.getByRole("link", { name: "No: back to the other causes" }).click();
  await expect(page).toHaveURL(/\/articles\/firmware-flash-failed\?tried=power$/);
  await expect(page.getByRole("heading", { name: "Which of the others matches?" })).toBeVisible();
  await expect(page.locator(".choices li.tried")).toHaveCount(1);
  await expect(page.locator(".choices li.tried")).toContainText("Power lost");
  await expect(page.locator(".tried-note")).toContainText("Power lost during flashing");
});

test("a copied step link opens the same step in a fresh page", async ({ browser }) => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await openLive(page, `${SEED}/fix/power/2?tried=space`);
  await page.getByRole("link", { name: "Copy link to this step" }).click();
  await expect(page.getByText("Link copied")).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/articles\/firmware-flash-failed\/fix\/power\/2\?tried=space$/);

  const fresh = await (await browser.newContext()).newPage();
  const response = await fresh.goto(copied);
  expect(response?.status()).toBe(200);
  await expect(fresh.getByText("Step 2 of 3")).toBeVisible();
  await expect(fresh.locator(".step-card")).toContainText("boot from the recovery partition");
  await fresh.getByRole("link", { name: /Back to the causes|Previous step/ }).first().click();
  await expect(fresh.getByText("Step 1 of 3")).toBeVisible();
  await context.close();
});

test("back and forward restore each step, with its title", async ({ page }) => {
  await openLive(page, SEED);
  await page.getByRole("link", { name: /Power lost during flashing/ }).click();
  await expect(page.getByText("Step 1 of 3")).toBeVisible();
  await page.getByRole("link", { name: "Done: next step" }).click();
  await expect(page.getByText("Step 2 of 3")).toBeVisible();
  await expect(page).toHaveTitle(/^Power lost during flashing .*: step 2 of 3 – Firmware flash failed · Fixpath$/);
  await page.goBack();
  await expect(page.getByText("Step 1 of 3")).toBeVisible();
  await expect(page).toHaveTitle(/: step 1 of 3 – /);
  await page.goBack();
  await expect(page.getByRole("heading", { name: "Which of these matches?" })).toBeVisible();
  await expect(page).toHaveTitle("Firmware flash failed · Fixpath");
  await page.goForward();
  await expect(page.getByText("Step 1 of 3")).toBeVisible();
  // The page still works after the moves: its islands come alive when reached for.
  await page.locator("#site-search").hover();
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
});

test("a step that is only read loads no wasm; a click on an island before it is live is replayed", async ({ browser }) => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  const wasm: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith(".wasm")) wasm.push(r.url());
  });
  await page.goto(`${SEED}/fix/power/1`);
  await page.waitForLoadState("load");
  await page.waitForTimeout(2500);
  expect(wasm, "reading a step downloads no wasm").toEqual([]);
  await expect(page.locator("body[data-hydrated]")).toHaveCount(0);
  // The first click on "Copy link" is held while the islands load, then done.
  await page.getByRole("link", { name: "Copy link to this step" }).click();
  await expect(page.getByText("Link copied")).toBeVisible();
  expect(page.url()).toMatch(/\/fix\/power\/1$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/articles\/firmware-flash-failed\/fix\/power\/1$/);
  expect(wasm.length).toBe(1);
  await context.close();
});

test("'/' focuses the search box before the islands are live, and what was typed is searched", async ({ page }) => {
  await page.goto(`${SEED}/fix/power/1`);
  await page.locator("main h2").first().click();
  await page.keyboard.press("/");
  await expect(page.locator("#site-search")).toBeFocused();
  await page.keyboard.type("checksum", { delay: 0 });
  await expect(page.locator("#search-suggestions")).toBeVisible();
  await expect(page.locator("#search-suggestions .suggestion").first()).toContainText(/checksum/i);
});

test("the whole-article view shows every section and offers printing", async ({ page }) => {
  await openLive(page, SEED);
  await page.getByRole("link", { name: "Whole article" }).click();
  await expect(page).toHaveURL(/\/full$/);
  for (const heading of ["Symptom", "Likely causes", "Fix", "Last resort: SD card reflash", "Verify", "If none of this worked", "See also"]) {
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
  }
  await expect(page.locator(".whole .fix")).toHaveCount(4);
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
});

test("links between articles resolve", async ({ page }) => {
  await openLive(page, `${SEED}/full`);
  await page.getByRole("link", { name: "Gateway will not pair with the cloud" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gateway will not pair with the cloud");
});

test("back and forward are served from the back/forward cache", async ({ baseURL }) => {
  // Playwright turns the cache off by default; a browser of its own has it, as people's do.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    ignoreDefaultArgs: ["--disable-back-forward-cache"],
  });
  const page = await (await browser.newContext({ baseURL })).newPage();
  await page.addInitScript(() => {
    (window as any).__restored = 0;
    addEventListener("pageshow", (e) => {
      if (e.persisted) (window as any).__restored += 1;
    });
  });
  await page.goto(`${SEED}/fix/power/1`);
  await page.getByRole("link", { name: "Done: next step" }).click();
  await expect(page.getByText("Step 2 of 3")).toBeVisible();
  // A page restored from the cache fires no load event: wait for the move itself.
  await page.goBack({ waitUntil: "commit" });
  await expect(page.getByText("Step 1 of 3")).toBeVisible();
  expect(await page.evaluate(() => (window as any).__restored), "step 1 came back from the cache").toBe(1);
  await page.goForward({ waitUntil: "commit" });
  await expect(page.getByText("Step 2 of 3")).toBeVisible();
  expect(await page.evaluate(() => (window as any).__restored), "step 2 too").toBe(1);
  await browser.close();
});
