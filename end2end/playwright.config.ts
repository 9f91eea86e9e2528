import { defineConfig } from "@playwright/test";
import path from "node:path";

// Browser tests run against the release server built by `script/test`, on the bundled content.
const root = path.resolve(__dirname, "..");
const port = Number(process.env.FIXPATH_TEST_PORT ?? 3107);
export const baseURL = `http://127.0.0.1:${port}`;
/** The browser tests' own database folder, emptied at start, with one writer account. */
const data = `${root}/target/e2e-data`;
export const WRITER = { name: "e2e-writer", password: "e2e writer password" };
const bin = `${root}/target/release/fixpath`;

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL,
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command:
      `rm -rf ${data} && printf '%s\\n' '${WRITER.password}' | ${bin} user add ${WRITER.name} --data ${data} && ` +
      `exec ${bin} --addr 127.0.0.1:${port} --content ${root}/content --public-url http://127.0.0.1:${port} --data ${data}`,
    cwd: root,
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
