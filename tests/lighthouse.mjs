// Lighthouse (mobile preset) over a list of pages in one Chromium: Debian's, never a download.
// node tests/lighthouse.mjs OUT.json [--only=accessibility,seo] URL...  writes, per URL, each category's score and the audits that
// did not pass, so that a test can say why a page scored below its bar. Used by tests/example/
// test_lighthouse.py (accessibility, best practices, SEO, layout shift) and benchmarks/lighthouse.py
// (performance, which is a timing and so measured, not asserted).
import { writeFileSync } from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [out, ...rest] = process.argv.slice(2);
const only = rest.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const pages = rest.filter((a) => !a.startsWith("--"));
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run"],
});
const results = {};
try {
  for (const url of pages) {
    const { lhr } = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: only });
    const failed = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative")
      .map((a) => ({ id: a.id, title: a.title, score: a.score, value: a.displayValue ?? "" }));
    results[url] = {
      scores: Object.fromEntries(Object.entries(lhr.categories).map(([k, c]) => [k, c.score])),
      cls: lhr.audits["cumulative-layout-shift"]?.numericValue ?? null,
      errors: lhr.runtimeError ? [lhr.runtimeError.message] : (lhr.runWarnings ?? []),
      failed,
    };
  }
} finally {
  await chrome.kill();
}
writeFileSync(out, JSON.stringify(results, null, 2));
