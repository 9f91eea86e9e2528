import { test, expect, SEED, openLive } from "./helpers";
import AxeBuilder from "@axe-core/playwright";

test("home lists every guide grouped by tag, with its symptom line", async ({ page, request }) => {
  await openLive(page, "/");
  const api = await (await request.get("/api/articles")).json();
  expect(api.articles.length).toBeGreaterThanOrEqual(7);
  await expect(page.getByRole("heading", { name: "firmware", exact: true })).toBeVisible();
  const firmware = page.locator("#tag-firmware");
  await expect(firmware.getByRole("link", { name: "Firmware flash failed" })).toBeVisible();
  await expect(firmware).toContainText("A firmware update aborted partway through.");
  for (const a of api.articles) {
    await expect(page.getByRole("link", { name: a.title, exact: true }).first()).toBeVisible();
  }
});

test("unknown articles and unknown steps get a real 404 page", async ({ page }) => {
  for (const url of ["/articles/no-such-guide", `${SEED}/fix/no-such-cause/1`, `${SEED}/fix/power/9`, "/nowhere"]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Browse all guides" })).toBeVisible();
  }
});

test("readable on a phone: no sideways scrolling, large tap targets", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  for (const url of ["/", SEED, `${SEED}/fix/power/2`, `${SEED}/full`]) {
    await openLive(page, url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, url).toBeLessThanOrEqual(0);
  }
  await openLive(page, SEED);
  const box = await page.locator(".choice").first().boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await context.close();
});

test("dark mode follows the system setting", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await openLive(page, SEED);
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: "dark" });
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(light).not.toBe(dark);
  expect(dark).toBe("rgb(17, 20, 24)");
});

test("keyboard users can reach and follow the choices, with a visible focus ring", async ({ page }) => {
  await openLive(page, SEED);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  const choice = page.locator(".choice").first();
  await choice.focus();
  const outline = await choice.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe("solid");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/fix\/space\/1$/);
});

const axePages: [string, string][] = [
  ["home", "/"],
  ["article start", SEED],
  ["fix step", `${SEED}/fix/power/2`],
  ["escalation", `${SEED}/escalate?tried=power`],
  ["whole article", `${SEED}/full`],
  ["404", "/articles/no-such-guide"],
  ["guide", "/articles/firmware-recovery-playbook"],
  ["faq", "/articles/firmware-update-faq"],
  ["reference", "/articles/led-patterns-and-error-codes"],
  ["section", "/sections/firmware"],
  ["firmware versions", "/firmware"],
  ["code blocks", "/articles/gateway-will-not-pair/full"],
];
for (const [name, url] of axePages) {
  for (const scheme of ["light", "dark"] as const) {
    test(`no serious accessibility violations: ${name} (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await openLive(page, url);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      const report = serious.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target) }));
      expect(report, JSON.stringify(report, null, 2)).toEqual([]);
    });
  }
}

test("assets are compressed and fingerprinted assets cached for a year", async ({ page, request }) => {
  const seen: string[] = [];
  page.on("response", (r) => seen.push(r.url()));
  await openLive(page, "/");
  const wasm = seen.find((u) => u.endsWith(".wasm"));
  expect(wasm, seen.join("\n")).toBeTruthy();
  const res = await request.get(wasm!, { headers: { "accept-encoding": "br, gzip" } });
  expect(res.status()).toBe(200);
  expect(["br", "gzip"]).toContain(res.headers()["content-encoding"]);
  expect(res.headers()["cache-control"]).toContain("immutable");
  // The app's script is revalidated: its name does not follow every change of its imports.
  const script = seen.find((u) => /\/pkg\/fixpath\.[^/]*\.js$/.test(u));
  expect(script, seen.join("\n")).toBeTruthy();
  expect((await request.get(script!)).headers()["cache-control"]).toBe("no-cache");
  const html = await request.get("/", { headers: { "accept-encoding": "gzip" } });
  expect(html.headers()["content-encoding"]).toBe("gzip");
  expect(html.headers()["cache-control"]).toBe("no-cache");
});

test.describe("Content-Security-Policy", () => {
  test("is enforced: injected inline script and style are refused and reported", async ({ browser }) => {
    // A page of its own, outside the guard, since this test makes violations on purpose.
    const page = await browser.newPage();
    const reports: string[] = [];
    page.on("console", (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) reports.push(m.text());
    });
    const response = await page.goto(SEED);
    const csp = response!.headers()["content-security-policy"];
    // The page's own inline scripts are allowed by hash, and they ran: the head script marked
    // the page, the hydration script started the islands.
    expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+ 'wasm-unsafe-eval'/);
    expect(csp).not.toMatch(/unsafe-inline|'nonce-/);
    await page.locator("#site-search").hover();
    await page.waitForFunction(() => document.body.hasAttribute("data-hydrated"));
    expect(await page.evaluate(() => document.documentElement.hasAttribute("data-js"))).toBe(true);
    // Again, served from the page cache (tagged): the same page works the same.
    const again = await page.reload();
    expect(again!.headers()["etag"]).toBeTruthy();
    await page.locator("#site-search").hover();
    await page.waitForFunction(() => document.body.hasAttribute("data-hydrated"));
    expect(reports, "the site's own scripts break no rule").toEqual([]);
    const ran = await page.evaluate(async () => {
      (window as any).__injected = false;
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.head.append(s);
      const st = document.createElement("style");
      st.textContent = "body { background: red }";
      document.head.append(st);
      await new Promise((r) => setTimeout(r, 100));
      return (window as any).__injected;
    });
    expect(ran, "an injected inline script must not run").toBe(false);
    await expect.poll(() => reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.join("\n")).toMatch(/script-src/);
    expect(reports.join("\n")).toMatch(/style-src/);
    await page.close();
  });
});

test.describe("plain pages", () => {
  test("a long guide has an outline whose links land on each section", async ({ page }) => {
    await openLive(page, "/articles/firmware-recovery-playbook");
    const toc = page.getByRole("navigation", { name: "On this page" });
    await expect(toc).toBeVisible();
    await toc.getByRole("link", { name: "Enter recovery mode" }).click();
    await expect(page).toHaveURL(/#enter-recovery-mode$/);
    await expect(page.locator("#enter-recovery-mode")).toBeInViewport();
    // The heading's own link gives the section's address.
    const link = page.getByRole("link", { name: "Link to “Enter recovery mode”" });
    await expect(link).toHaveAttribute("href", "#enter-recovery-mode");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/plain-guide-phone.png", fullPage: false });
  });

  test("callouts stand out from the text, in light and dark", async ({ page }) => {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await openLive(page, "/articles/firmware-recovery-playbook#factory-reset-as-a-last-resort");
      const warning = page.getByRole("note").filter({ hasText: "erases every setting" });
      await expect(warning.locator(".callout-title")).toHaveText("Warning");
      const border = await warning.evaluate((el) => getComputedStyle(el).borderLeftWidth);
      expect(border).toBe("4px");
      await warning.screenshot({ path: `test-results/callout-${scheme}.png` });
    }
  });

  test("code blocks are highlighted and copied with one click", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await openLive(page, "/articles/gateway-will-not-pair/full");
    const block = page.locator(".code-block").filter({ hasText: "Test-NetConnection" });
    // Highlighted on the server: a comment is coloured differently from the command.
    await expect(block.locator(".hl-c", { hasText: "# Windows PowerShell" })).toHaveCount(1);
    const colour = (sel: string) => block.locator(sel).first().evaluate((el) => getComputedStyle(el).color);
    expect(await colour(".hl-c")).not.toBe(await block.locator("code").evaluate((el) => getComputedStyle(el).color));
    const button = block.getByRole("button", { name: "Copy" });
    await expect(button).toBeVisible();
    await button.click();
    await expect(block.getByRole("button", { name: "Copied" })).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await block.locator("pre").textContent());
    expect(copied).toContain("Test-NetConnection -ComputerName mqtt.novacloud.example.com -Port 8883");
    expect(copied).not.toContain("Copy");
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await block.screenshot({ path: `test-results/code-block-${scheme}.png` });
    }
  });

  test("folders are sections: home lists them, a section introduces itself and lists its guides", async ({ page }) => {
    await openLive(page, "/");
    await page.getByRole("link", { name: /Firmware updates and recovery/ }).click();
    await expect(page).toHaveURL(/\/sections\/firmware$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Firmware updates and recovery");
    await expect(page.getByText("Everything around a firmware update")).toBeVisible();
    await page.getByRole("link", { name: "Recovering a device after a failed firmware upgrade" }).click();
    const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
    await expect(crumbs.getByRole("link", { name: "Firmware updates and recovery" })).toHaveAttribute("href", "/sections/firmware");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/sections/firmware");
    await page.screenshot({ path: "test-results/section-phone.png", fullPage: true });
  });

  test("the firmware versions log groups images by hardware and links each to its guides", async ({ page }) => {
    await openLive(page, "/firmware");
    const revA = page.locator("section.fw-group", { has: page.getByRole("heading", { name: "Nova Gateway G2 rev A" }) });
    const versions = await revA.locator(".fw-entry h3").allTextContents();
    expect(versions).toEqual(["Version 2.4.1", "Version 2.3.2"]);
    const entry = page.locator('[id="fw-nova-g2-reva-2.4.1.bin"]');
    await expect(entry.getByRole("link", { name: "Firmware flash failed" })).toBeVisible();
    await expect(entry.getByRole("link", { name: "Recovering a device after a failed firmware upgrade" })).toBeVisible();
    await expect(entry.locator(".hash").first()).toHaveText("200cfc81e5193432f3ead62b244b6a694ca4ac494d1bdb186401ef025854c7ac");
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "test-results/firmware-versions-phone.png", fullPage: false });
  });

  test("an answer linked from another page opens at its question", async ({ page }) => {
    await openLive(page, "/articles/firmware-update-faq#is-it-safe-to-unplug-the-device-during-an-update");
    const entry = page.locator("details.faq", { has: page.locator("#is-it-safe-to-unplug-the-device-during-an-update") });
    await expect(entry).toHaveAttribute("open", "");
    await expect(entry.getByText("Losing power while the image is written")).toBeVisible();
  });
});

test.describe("plain pages without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("code blocks are highlighted, without a copy button that could not work", async ({ page }) => {
    await page.goto("/articles/gateway-will-not-pair/full");
    await expect(page.locator(".code-block .hl-c").first()).toBeVisible();
    await expect(page.locator(".copy-code").first()).toBeHidden();
  });

  test("FAQ entries open and close as plain disclosures", async ({ page }) => {
    await page.goto("/articles/firmware-update-faq");
    const question = page.getByText("How long does an update take?");
    const answer = page.getByText("Between 3 and 10 minutes.");
    await expect(answer).toBeHidden();
    await question.click();
    await expect(answer).toBeVisible();
    await page.screenshot({ path: "test-results/faq-nojs.png", fullPage: true });
    await question.click();
    await expect(answer).toBeHidden();
    // Search engines get the questions as structured data.
    const data = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent() ?? "{}");
    expect(data["@type"]).toBe("FAQPage");
    expect(data.mainEntity.map((q: any) => q.name)).toContain("How long does an update take?");
  });
});

// The wasm must not compete with the first paint, and nothing may move when the page hydrates
// (issue 14: Lighthouse's LCP and CLS).
for (const [name, url] of [
  ["the checker", "/verify"],
  ["a fix step", "/articles/firmware-flash-failed/fix/power/2"],
  ["search", "/search?q=checksum"],
] as const) {
  test(`${name} hydrates late and without a layout shift`, async ({ page }) => {
    await page.addInitScript(() => {
      (window as any).__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) (window as any).__shift += e.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await openLive(page, url);
      // No wasm or app script is preloaded by the page's head.
      await expect(page.locator('link[rel="preload"][as="fetch"], link[rel="modulepreload"]')).toHaveCount(0);
      await expect(page.locator("html[data-js]")).toHaveCount(1);
      await page.waitForTimeout(300);
      const shift = await page.evaluate(() => (window as any).__shift);
      expect(shift, `layout shift at ${width} px`).toBeLessThan(0.02);
    }
  });
}
