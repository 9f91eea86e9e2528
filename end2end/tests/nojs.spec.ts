import { test, expect, SEED } from "./helpers";

test.use({ javaScriptEnabled: false });

test("without JavaScript the whole walk works through plain links", async ({ page }) => {
  await page.goto(SEED);
  await expect(page.locator("body[data-hydrated]")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Which of these matches?" })).toBeVisible();

  await page.getByRole("link", { name: /Wrong firmware package/ }).click();
  await expect(page).toHaveURL(/\/fix\/hardware\/1$/);
  await page.getByRole("link", { name: "Done: next step" }).click();
  await page.getByRole("link", { name: "Done: next step" }).click();
  await expect(page.getByText("Step 3 of 3")).toBeVisible();
  await page.getByRole("link", { name: "No: back to the other causes" }).click();
  await expect(page.locator(".choices li.tried")).toHaveCount(1);

  await page.getByRole("link", { name: "None of these" }).click();
  await expect(page).toHaveURL(/\/last-resort\/1\?tried=hardware$/);
  await page.getByRole("link", { name: "Done: next step" }).click();
  await page.getByRole("link", { name: "Done: next step" }).click();
  await page.getByRole("link", { name: "No: contact support" }).click();
  await expect(page.getByRole("heading", { name: "Contact support" })).toBeVisible();
  const summary = await page.locator("pre.summary-text").innerText();
  expect(summary).toContain("1. Wrong firmware package");
  expect(summary).toContain("2. Last resort: SD card reflash");
  expect(summary).toContain("Not tried (did not match):");
  // The copy button needs JavaScript and is hidden; the text is still there to select.
  await expect(page.getByRole("button", { name: "Copy summary" })).toBeHidden();

  await page.getByRole("link", { name: "Start over" }).click();
  await expect(page).toHaveURL(/\/articles\/firmware-flash-failed$/);
});

test("without JavaScript a fix can be confirmed through verify to resolved", async ({ page }) => {
  await page.goto(`${SEED}/fix/space/3`);
  await page.getByRole("link", { name: "Yes, it works now" }).click();
  await expect(page.getByRole("heading", { name: "Check that everything works" })).toBeVisible();
  await page.getByRole("link", { name: "Yes, all good" }).click();
  await expect(page.getByText("What fixed it:")).toContainText("If space ran out");
});

test("an old address of a guide, to any step, lands on that step with what was tried", async ({ page }) => {
  // camera-offline-after-power-outage.md lists /kb/cameras-offline-after-outage/ among its aliases.
  await page.goto("/kb/cameras-offline-after-outage/fix/camera-shows-a-169-254-address/2?tried=camera-has-a-new-ip-address");
  await expect(page).toHaveURL(
    /\/articles\/camera-offline-after-power-outage\/fix\/camera-shows-a-169-254-address\/2\?tried=camera-has-a-new-ip-address$/,
  );
  await expect(page.getByText("Step 2 of 5")).toBeVisible();
  await page.goto("/kb/cameras-offline-after-outage");
  await expect(page).toHaveURL(/\/articles\/camera-offline-after-power-outage$/);
  await expect(page.getByRole("heading", { name: "Which of these matches?" })).toBeVisible();
});
