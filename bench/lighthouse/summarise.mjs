// Prints one line per Lighthouse report (JSON files given as arguments): the four category
// scores, total byte weight (what the page made the browser download, compressed), LCP, TBT, CLS.
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const rows = [["page", "form", "perf", "a11y", "best", "seo", "bytes", "LCP", "TBT", "CLS"]];
for (const file of process.argv.slice(2)) {
  const r = JSON.parse(readFileSync(file, "utf8"));
  const score = (c) => (r.categories[c]?.score == null ? "-" : Math.round(r.categories[c].score * 100).toString());
  const audit = (a) => r.audits[a]?.numericValue;
  const [page, form] = basename(file, ".json").split("@");
  if (r.runtimeError) {
    rows.push([page, form, `failed: ${r.runtimeError.code}`, "", "", "", "", "", "", ""]);
    continue;
  }
  rows.push([
    page,
    form,
    score("performance"),
    score("accessibility"),
    score("best-practices"),
    score("seo"),
    `${Math.round(audit("total-byte-weight") / 1024)} KB`,
    `${(audit("largest-contentful-paint") / 1000).toFixed(2)} s`,
    `${Math.round(audit("total-blocking-time"))} ms`,
    audit("cumulative-layout-shift").toFixed(3),
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join("  "));
