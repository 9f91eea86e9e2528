import { test, expect, openLive } from "./helpers";
import AxeBuilder from "@axe-core/playwright";

test("typing in the header box shows live results; arrows and Enter open one", async ({ page }) => {
  await openLive(page, "/");
  await page.keyboard.press("/");
  const box = page.getByRole("combobox", { name: "Search the guides" });
  await expect(box).toBeFocused();
  await box.pressSequentially("checksum does not mat", { delay: 20 });
  const list = page.getByRole("listbox", { name: "Suggestions" });
  await expect(list).toBeVisible();
  const first = list.getByRole("option").first();
  await expect(first).toContainText("Firmware flash failed");
  await expect(first).toContainText("Fix: If the checksum is wrong");
  await expect(first.locator("mark").first()).toHaveText(/checksum/i);
  await box.press("ArrowDown");
  await expect(first).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/articles\/firmware-flash-failed\/fix\/checksum\/1$/);
  await expect(page.getByText("Step 1 of 2")).toBeVisible();
  await expect(list).toBeHidden();
});

test("the live box corrects a misspelt word and says so", async ({ page }) => {
  await openLive(page, "/");
  const box = page.getByRole("combobox", { name: "Search the guides" });
  await box.pressSequentially("chcksum wrong ", { delay: 20 });
  const list = page.getByRole("listbox", { name: "Suggestions" });
  await expect(list).toBeVisible();
  await expect(list.locator(".suggestion-note")).toHaveText("Showing results for checksum wrong");
  const first = list.locator(".suggestion").first();
  await expect(first).toContainText("Fix: If the checksum is wrong");
  await box.press("ArrowDown");
  await expect(first).toHaveAttribute("aria-selected", "true");
  await page.screenshot({ path: "test-results/search-corrected.png" });
});

test("Escape closes the suggestions; Enter without a selection opens the results page", async ({ page }) => {
  await openLive(page, "/");
  const box = page.getByRole("combobox", { name: "Search the guides" });
  await box.fill("camera offline");
  const list = page.getByRole("listbox", { name: "Suggestions" });
  await expect(list).toBeVisible();
  await box.press("Escape");
  await expect(list).toBeHidden();
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=camera(\+|%20)offline$/);
  await expect(page.locator(".hit").first()).toContainText("Camera offline after a power outage");
});

test("the results page filters by tag and explains an empty result", async ({ page }) => {
  await openLive(page, "/search?q=camera");
  await expect(page.getByRole("status")).toContainText(/\d+ results? for “camera”/);
  const all = await page.locator(".hit").count();
  await page.locator(".filters").getByRole("link", { name: /^poe \(\d+\)$/ }).click();
  await expect(page).toHaveURL(/tag=poe/);
  await expect(page.locator(".filters a[aria-current=page]")).toHaveText(/^poe/);
  expect(await page.locator(".hit").count()).toBeLessThan(all);

  await openLive(page, "/search?q=zzqqxx");
  await expect(page.getByRole("heading", { name: "No results for “zzqqxx”" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Browse all guides by topic" })).toBeVisible();
});

test("a search that finds nothing offers the guides with the closest names", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await openLive(page, "/search?q=firmwareflashfailure");
  await expect(page.getByRole("heading", { name: "No results for “firmwareflashfailure”" })).toBeVisible();
  const closest = page.locator(".closest a").first();
  await expect(closest).toHaveText("Firmware flash failed");
  await expect(page.getByRole("link", { name: "Browse all guides by topic" })).toBeVisible();
  await page.screenshot({ path: "test-results/search-closest.png", fullPage: true });
  await closest.click();
  await expect(page).toHaveURL(/\/articles\/firmware-flash-failed$/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a search that finds nothing offers the closest guides as plain links", async ({ page }) => {
    await page.goto("/search?q=firmwareflashfailure");
    await page.locator(".closest a").first().click();
    await expect(page).toHaveURL(/\/articles\/firmware-flash-failed$/);
  });

  test("the header form searches and results link into the tree", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("combobox", { name: "Search the guides" }).fill("aarch64");
    await page.getByRole("combobox", { name: "Search the guides" }).press("Enter");
    await expect(page).toHaveURL(/\/search\?q=aarch64$/);
    const hit = page.locator(".hit").first();
    await expect(hit).toContainText("Firmware flash failed");
    await expect(hit.locator("mark")).toHaveText("aarch64");
    await hit.getByRole("link").click();
    await expect(page).toHaveURL(/\/articles\/firmware-flash-failed\/fix\/hardware\/1$/);
  });

  test("a misspelt or over-specific query says what the results are for", async ({ page }) => {
    await page.goto("/search?q=chcksum+wrong");
    const note = page.locator(".search-note");
    await expect(note).toContainText("Showing results for checksum wrong");
    await expect(page.locator(".hit").first()).toContainText("Fix: If the checksum is wrong");
    await note.getByRole("link", { name: "checksum wrong" }).click();
    await expect(page).toHaveURL(/\/search\?q=checksum(%20|\+)wrong$/);
    await expect(page.locator(".search-note")).toHaveCount(0);
    await page.goto("/search?q=checksum+zebra+giraffe");
    await expect(page.locator(".search-note")).toHaveText("No guide has all of these words: these guides have some of them.");
    await expect(page.locator(".hit").first()).toContainText("Firmware flash failed");
    await page.goto("/search?q=cameras+on+separate+vlan+scan+comes+back+empty");
    await expect(page.locator(".search-note")).toHaveText("Few guides have most of these words: guides with fewer of them follow.");
  });
});

for (const [name, url] of [
  ["results", "/search?q=camera+offline"],
  ["empty", "/search?q=zzqqxx"],
  ["corrected", "/search?q=chcksum+wrong"],
  ["nothing found, closest guides", "/search?q=firmwareflashfailure"],
] as const) {
  test(`search page has no serious accessibility violations (${name})`, async ({ page }) => {
    await openLive(page, url);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }))).toEqual([]);
  });
}

test("a hit in a guide opens the page at the matching section", async ({ page }) => {
  await openLive(page, "/search?q=serial+console+baud+rate");
  const first = page.locator("ol.hits a").first();
  await expect(first).toHaveAttribute("href", "/articles/firmware-recovery-playbook#read-the-boot-log");
  await first.click();
  await expect(page).toHaveURL(/firmware-recovery-playbook#read-the-boot-log$/);
  await expect(page.locator("#read-the-boot-log")).toBeInViewport();
  const highlighted = await page.locator("#read-the-boot-log").evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(highlighted).not.toBe("rgba(0, 0, 0, 0)");
});
