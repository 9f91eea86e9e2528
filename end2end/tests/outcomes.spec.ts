import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { test, expect, SEED, openLive } from "./helpers";
import { WRITER } from "../playwright.config";

// Outcome analytics counted from requests, and from a prefetched page's own report when it is
// shown (with JavaScript), reader feedback, and the dashboard.
// Default test traffic is not counted (headless browsers count as tools); these tests browse
// with a person's browser name, each its own, so the counts below are theirs alone.

type Row = { article: string; node: string; event: string; detail: string; count: number };

async function signIn(page: Page) {
  await page.goto("/login?next=%2Fadmin");
  await page.getByLabel("Name").fill(WRITER.name);
  await page.getByLabel("Password").fill(WRITER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
}

/** The seed guide's counters today, as `node|event|detail` → count, read by a signed-in writer. */
async function seedCounts(admin: Page): Promise<Map<string, number>> {
  const res = await admin.request.get("/admin/api/counts?days=1");
  expect(res.status()).toBe(200);
  const rows: Row[] = await res.json();
  const map = new Map<string, number>();
  for (const r of rows.filter((r) => r.article === "firmware-flash-failed")) {
    map.set(`${r.node}|${r.event}|${r.detail}`, r.count);
  }
  return map;
}

function delta(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

/** What walking the seed guide below must add: checksum fails, power fixes it. */
const WALK: Record<string, number> = {
  "start|view|": 1,
  "start|entered|": 1,
  "fix/checksum/1|view|": 1,
  "fix/checksum/1|chosen|checksum": 1,
  "fix/checksum/2|view|": 1,
  "start|view|checksum": 1,
  "start|failed|checksum": 1,
  "fix/power/1|view|": 1,
  "fix/power/1|chosen|power": 1,
  "verify|view|": 1,
  "resolved|view|": 1,
  "resolved|worked|power": 1,
  "resolved|resolved|checksum": 1,
};

async function walk(page: Page) {
  await page.getByRole("link", { name: /checksum does not match/ }).click();
  await expect(page).toHaveURL(/\/fix\/checksum\/1$/);
  await page.getByRole("link", { name: "Done: next step" }).click();
  await expect(page).toHaveURL(/\/fix\/checksum\/2$/);
  await page.getByRole("link", { name: "No: back to the other causes" }).click();
  await expect(page).toHaveURL(/\?tried=checksum$/);
  await page.getByRole("link", { name: /Power lost during flashing/ }).click();
  await expect(page).toHaveURL(/\/fix\/power\/1\?tried=checksum$/);
  await page.getByRole("link", { name: "This already fixed it" }).click();
  await expect(page).toHaveURL(/\/verify\?tried=checksum&fixed=power$/);
  await page.getByRole("link", { name: "Yes, all good" }).click();
  await expect(page).toHaveURL(/\/resolved\?tried=checksum&fixed=power$/);
}

async function person(browser: Browser, js: boolean) {
  const context = await browser.newContext({
    javaScriptEnabled: js,
    userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36 E2E-${js ? "js" : "nojs"}-${Date.now()}`,
  });
  return { context, page: await context.newPage() };
}

for (const js of [true, false]) {
  test(`a walk through a guide is counted exactly once per step ${js ? "with" : "without"} JavaScript`, async ({ browser, page: admin }) => {
    await signIn(admin);
    const before = await seedCounts(admin);
    const { context, page } = await person(browser, js);
    // With JavaScript, the browser prefetches the likely next step (Speculation Rules): the
    // server does not count a prefetch, the page reports itself when shown. Either way, once.
    if (js) await openLive(page, SEED);
    else await page.goto(SEED);
    await walk(page);
    // Written about once a second: wait for the counts, then make sure nothing more arrives.
    await expect.poll(async () => delta(before, await seedCounts(admin)), { timeout: 10_000 }).toEqual(WALK);
    await page.waitForTimeout(1500);
    expect(delta(before, await seedCounts(admin))).toEqual(WALK);
    await context.close();
  });
}

test("a page the browser shows from a prefetch reports its own view, once", async ({ browser, page: admin }) => {
  await signIn(admin);
  const before = await seedCounts(admin);
  const { context, page } = await person(browser, true);
  // The request says it is a prefetch (so the server does not count it), and the page, once
  // shown, finds it was delivered from one: what Speculation Rules prefetching looks like.
  // (Chromium's own prefetches send `Sec-Purpose: prefetch`; a test cannot set `Sec-` headers,
  // so this one sends the older `Purpose: prefetch`, which the server honours the same way.)
  const step = `${SEED}/fix/power/1`;
  await page.route(`**${step}`, (route) =>
    route.continue({ headers: { ...route.request().headers(), purpose: "prefetch" } }),
  );
  await page.addInitScript(() => {
    const real = performance.getEntriesByType.bind(performance);
    performance.getEntriesByType = ((type: string) =>
      type === "navigation" ? [{ deliveryType: "navigational-prefetch" }] : real(type)) as typeof performance.getEntriesByType;
  });
  await openLive(page, step);
  // Counted from the beacon alone: it is the visit's first page here (a visit that starts at
  // this step), which the request, had it been counted, could not have said.
  const want = { "fix/power/1|view|": 1, "fix/power/1|entered|": 1, "fix/power/1|chosen|power": 1 };
  await expect.poll(async () => delta(before, await seedCounts(admin)), { timeout: 10_000 }).toEqual(want);
  await page.waitForTimeout(1500);
  expect(delta(before, await seedCounts(admin))).toEqual(want);
  await context.close();
});

test("a visitor who asks not to be tracked is not counted", async ({ browser, page: admin }) => {
  await signIn(admin);
  const before = await seedCounts(admin);
  const context = await browser.newContext({
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 E2E-gpc",
    extraHTTPHeaders: { "Sec-GPC": "1" },
  });
  const page = await context.newPage();
  await page.goto(SEED);
  await page.getByRole("link", { name: /checksum does not match/ }).click();
  await expect(page).toHaveURL(/\/fix\/checksum\/1$/);
  await page.waitForTimeout(2500);
  expect(delta(before, await seedCounts(admin))).toEqual({});
  await context.close();
});

for (const js of [true, false]) {
  test(`feedback is sent from the resolved step and thanked ${js ? "with" : "without"} JavaScript`, async ({ browser, page: admin }) => {
    const { context, page } = await person(browser, js);
    const comment = `Clear steps, thanks (${js ? "js" : "nojs"} ${Date.now()})`;
    const url = `${SEED}/resolved?fixed=power`;
    if (js) await openLive(page, url);
    else await page.goto(url);
    await page.getByLabel(/What was missing or wrong/).fill(comment);
    await page.getByRole("button", { name: "Yes, it helped" }).click();
    await expect(page).toHaveURL(/\/resolved\?fixed=power&feedback=sent#feedback$/);
    await expect(page.getByRole("heading", { name: "Thanks for your answer" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Yes, it helped" })).toHaveCount(0);
    await context.close();
    // The writer sees it on the dashboard.
    await signIn(admin);
    await expect(admin.getByText(comment)).toBeVisible();
  });
}

async function funnel(admin: Page): Promise<[string, number][]> {
  const res = await admin.request.get("/admin/api/articles/firmware-flash-failed?days=30");
  expect(res.status()).toBe(200);
  return (await res.json()).funnel;
}

test("the dashboard: sign-in, the walked numbers, charts, a guide's page, phone width, no serious accessibility violations", async ({ browser, page }) => {
  // Readers are sent to sign in; nothing of the dashboard shows.
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin$/);
  await page.getByLabel("Name").fill(WRITER.name);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("do not match");
  await signIn(page);
  const before = await funnel(page);

  // A reader walks the guide (checksum fails, power fixes it) and answers both ways.
  const reader = await person(browser, false);
  await reader.page.goto(SEED);
  await walk(reader.page);
  // (The same page again is a reload: not another visit.)
  for (const answer of ["Yes, it helped", "No"]) {
    await reader.page.goto(`${SEED}/resolved?tried=checksum&fixed=power`);
    await reader.page.getByRole("button", { name: answer }).click();
    await expect(reader.page).toHaveURL(/feedback=sent/);
  }
  await reader.context.close();
  // One visit, two fixes started and followed to the end, one fixed, none at support.
  const walked = [1, 2, 2, 1, 0];
  const expected = before.map(([label, n], i) => [label, n + walked[i]]);
  await expect.poll(() => funnel(page), { timeout: 10_000 }).toEqual(expected);

  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("How the guides are doing");
  await expect(page.locator(".kpis")).toContainText("Guide visits");
  await expect(page.locator("svg.chart.trend polyline")).toHaveCount(3);
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) })), scheme).toEqual([]);
  }
  await page.getByRole("link", { name: "Firmware flash failed" }).first().click();
  await expect(page).toHaveURL(/\/admin\/articles\/firmware-flash-failed\?days=30$/);
  await expect(page.getByRole("heading", { name: "Where people go" })).toBeVisible();
  // The page's funnel says what the API says, which is what was walked.
  const bars = page.locator("section", { has: page.getByRole("heading", { name: "Where people go" }) }).locator(".chart.bars li");
  await expect(bars).toHaveCount(5);
  for (const [i, [label, n]] of expected.entries()) {
    await expect(bars.nth(i).locator(".bar-label")).toHaveText(label as string);
    await expect(bars.nth(i).locator(".bar-note")).toHaveText(String(n));
  }
  await expect(page.getByText("Clear steps").or(page.locator(".feedback-list li")).first()).toBeVisible();
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) })), scheme).toEqual([]);
  }
  // A phone: nothing wider than the screen but the tables' own scroll boxes.
  await page.setViewportSize({ width: 375, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // Signing out ends the session.
  await page.getByRole("button", { name: /Sign out/ }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login/);
});
