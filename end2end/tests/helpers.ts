import { test as base, expect, Page } from "@playwright/test";

export { expect };

/**
 * Every browser test runs under this `test`: it fails when the browser reports a
 * Content-Security-Policy violation on the page (a blocked script, style, image, worker or
 * connection), so a page that works only because of something the policy would refuse
 * cannot pass.
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on("console", (m) => {
        if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(m.text());
      });
      await use();
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export const SEED = "/articles/firmware-flash-failed";

/**
 * Opens a page and waits until its islands are live (the app sets `body[data-hydrated]`). A page
 * without a firmware checker loads them when the person reaches for one: here, the pointer over
 * the header's search box.
 */
export async function openLive(page: Page, url: string) {
  const response = await page.goto(url);
  if ((await page.locator(".hash-check").count()) === 0) await page.locator("#site-search").hover();
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
  return response;
}

/** Marks the current document so a test can tell later whether a full page load happened. */
export async function markDocument(page: Page) {
  await page.evaluate(() => ((window as any).__fixpathMark = "still-here"));
}

export async function documentSurvived(page: Page): Promise<boolean> {
  return (await page.evaluate(() => (window as any).__fixpathMark)) === "still-here";
}
