import { expect, Page } from "@playwright/test";

export const SEED = "/articles/firmware-flash-failed";

/** Opens a page and waits until the app has hydrated (the app sets `body[data-hydrated]`). */
export async function openLive(page: Page, url: string) {
  const response = await page.goto(url);
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
