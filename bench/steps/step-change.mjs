// Click → next step painted, on Lighthouse's mobile profile (slow 4G: 150 ms RTT, 1.6 Mbps down,
// 750 Kbps up; CPU slowed 4×), with the pages as served (Speculation Rules prefetch the primary
// action) and with the speculation rules removed (every click a network round trip).
// Prints the median and the spread of N clicks each. Usage: node step-change.mjs BASE [N]
// (REDUCED=1: the reader prefers reduced motion, so there is no view transition.)
import { chromium } from "../../end2end/node_modules/playwright/index.mjs";

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 15);
const start = "/articles/firmware-flash-failed/fix/power/1";

async function measure(prefetch) {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, reducedMotion: process.env.REDUCED ? "reduce" : "no-preference" });
  if (!prefetch) {
    await context.route("**/articles/**", async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace(/<script type="speculationrules">[^<]*<\/script>/, "");
      await route.fulfill({ response: res, body });
    });
  }
  const times = [];
  const delivered = [];
  for (let i = 0; i < runs; i++) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.goto(base + start, { waitUntil: "load" });
    // A reader takes a moment to read the step: time for the prefetch.
    await page.waitForTimeout(1500);
    await page.getByRole("link", { name: "Done: next step" }).tap();
    await page.waitForURL(/\/fix\/power\/2$/);
    await page.getByText("Step 2 of 3").waitFor();
    // The new document's first contentful paint, from its navigation start (the click).
    const { fcp, type } = await page.evaluate(() => new Promise((resolve) => {
      const nav = performance.getEntriesByType("navigation")[0];
      const done = (e) => resolve({ fcp: e.startTime, type: nav?.deliveryType ?? "" });
      const seen = performance.getEntriesByName("first-contentful-paint")[0];
      if (seen) return done(seen);
      new PerformanceObserver((l) => done(l.getEntries()[0])).observe({ type: "paint", buffered: true });
    }));
    times.push(fcp);
    delivered.push(type || "network");
    await page.close();
  }
  await browser.close();
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  const kinds = [...new Set(delivered)].map((k) => `${k} ×${delivered.filter((d) => d === k).length}`).join(", ");
  console.log(
    `${prefetch ? "with prefetch   " : "without prefetch"}  median ${q(0.5).toFixed(0)} ms  (min ${times[0].toFixed(0)}, p90 ${q(0.9).toFixed(0)} ms; ${kinds})`,
  );
}

await measure(true);
await measure(false);
