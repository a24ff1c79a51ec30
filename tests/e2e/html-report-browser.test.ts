import { existsSync } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Chalk } from "chalk";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStatesSeries } from "../../src/demo/read-states-series.js";
import { runEquivalence } from "../../src/equivalence/experiments/run-experiments.js";
import { runConsolidationDemo } from "../../src/internal.js";
import { loadManifest } from "../../src/manifest/load.js";
import { renderDemoHtml } from "../../src/report/demo-html.js";
import { copyFixture, repoRoot } from "../helpers/copy-fixture.js";

// Debian's chromium (.ci/run installs it when it is missing); nothing is downloaded.
const browserPath = "/usr/bin/chromium";
const hasBrowser = existsSync(browserPath);

let temp = "";
let fixture = "";
beforeAll(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), "graft-html-report-"));
});
afterAll(async () => {
  if (fixture) await rm(fixture, { recursive: true, force: true });
  // GRAFT_KEEP_REPORT=1 keeps the page and its screenshot to look at.
  if (process.env.GRAFT_KEEP_REPORT) console.log(`report and screenshot kept in ${temp}`);
  else await rm(temp, { recursive: true, force: true });
});

describe.skipIf(!hasBrowser)("the HTML report in a real browser (headless Chromium)", () => {
  it("shows the verdict and the steps first, tables with tolerances, axis-labelled SVG plots, decoded file names, and logs no errors", async () => {
    // A small real run: the consolidation story (its patch has régime_notes.md) and two command experiments.
    const demo = await runConsolidationDemo(new Chalk({ level: 0 }), () => undefined, { removeWorkdir: true });
    fixture = await copyFixture("equivalence/experiments");
    const manifest = await loadManifest(path.join(fixture, "graft.yaml"));
    const equivalence = await runEquivalence(manifest, { only: ["stats", "stats-buggy"] });
    const states = await readStatesSeries(
      path.join(repoRoot, "fixtures/hmm-pipeline/original/BTC.hmm_states.csv"),
      "BTC.hmm_states.csv (the original program's output)",
    );
    const page = path.join(temp, "report.html");
    await writeFile(
      page,
      renderDemoHtml({
        title: "graft demo",
        failures: ["stats-buggy differs"],
        steps: demo.steps,
        equivalence: [{ title: "Equivalence", report: equivalence }],
        statesPlots: [states],
        patches: [{ name: "consolidation: changes.patch", text: demo.patch }],
        sections: [{ title: "log", body: "a line\n".repeat(3) }],
        generatedAt: "2026-12-07T00:00:00Z",
      }),
    );

    const profile = await mkdtemp(path.join(temp, "profile-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: browserPath,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
      viewport: { width: 1280, height: 900 },
    });
    try {
      const tab = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      tab.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
      });
      tab.on("pageerror", (error) => problems.push(error.message));
      tab.on("request", (request) => requests.push(request.url()));
      await tab.goto(`file://${page}`);

      // The first screen answers the question: the verdict with its counts, then the steps.
      const verdict = tab.locator("#verdict");
      expect(await verdict.locator(".headline").allInnerTexts()).toEqual(["✗ FAILED: stats-buggy differs"]);
      expect(await verdict.locator("li").allInnerTexts()).toEqual([
        "5 of 5 step(s) passed",
        "5 of 5 check(s) held",
        "Equivalence: not equivalent: 2 of 4 unit(s) differ",
      ]);
      expect((await verdict.boundingBox())!.y).toBeLessThan(200);
      const stepRows = tab.locator("table.steps tbody tr");
      expect(await stepRows.count()).toBe(5);
      expect(await stepRows.nth(2).locator("td.status").allInnerTexts()).toEqual(["✓ passed"]);
      expect((await stepRows.nth(2).locator("th").allInnerTexts())[0]).toContain(
        "graft plan graft-resolved.yaml --patch (dry run)",
      );
      expect(await stepRows.nth(2).locator("ul.checks li").allInnerTexts()).toEqual([
        "✓ conflicts resolved: 0 blocker(s)",
        "✓ dry run wrote nothing: tree fingerprint unchanged",
      ]);

      // Per unit and per column: status, tolerance, worst errors with where and the two values.
      const units = tab.locator("table.units tbody tr");
      expect(await units.locator("th").allInnerTexts()).toEqual([
        "stats-buggy[data/prices-a.csv]",
        "stats-buggy[data/prices-b.csv]",
        "stats[data/prices-a.csv]",
        "stats[data/prices-b.csv]",
      ]);
      const vwap = tab
        .locator("#e1-unit-stats-buggy-data-prices-b-csv- ~ table.columns tr", { hasText: "vwap" })
        .first();
      expect(await vwap.locator("th, td").allInnerTexts()).toEqual([
        "vwap",
        "✗ beyond tolerance",
        "rtol=1e-12 atol=0",
        "4",
        "1",
        "1.68e-2",
        "8.29e-4",
        "data row 4",
        "20.255186721991702",
        "20.238391376451077",
      ]);

      // Charts are inline SVG with a title, axis labels and a legend per state.
      const plot = tab.locator("svg.states-plot");
      expect(await plot.locator("text.axis-label").allTextContents()).toEqual([
        "Trading day (data row of the input)",
        "Close price",
      ]);
      expect(await plot.locator("text.chart-title").textContent()).toBe("Close price and HMM state per day");
      expect(await plot.locator(".legend text").allTextContents()).toEqual(
        expect.arrayContaining([expect.stringMatching(/^State 0: \d+ days$/), "Close price"]),
      );
      expect(await plot.locator("text.tick").count()).toBeGreaterThan(8);
      // Every legend entry is drawn inside the picture, not cut off at its edge.
      const frame = (await plot.boundingBox())!;
      for (const box of await plot
        .locator(".legend text")
        .evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().right)))
        expect(box).toBeLessThanOrEqual(frame.x + frame.width);
      const chart = tab.locator("svg.error-chart").first();
      expect(await chart.locator("text.axis-label").first().textContent()).toMatch(/^Worst relative error/);
      expect(await chart.locator("line.tolerance").count()).toBeGreaterThan(0);

      // The patch names files as text (no \303\251), lines wrap instead of scrolling sideways.
      const files = await tab.locator("#patches ul.file-list li").allInnerTexts();
      expect(files.some((f) => f.includes("régime_notes.md"))).toBe(true);
      expect(files.join("\n")).not.toContain("\\303");
      expect(await tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);

      expect(problems).toEqual([]);
      expect(requests.filter((url) => !url.startsWith("file://"))).toEqual([]);
      const screenshot = path.join(temp, "report-first-screen.png");
      await tab.screenshot({ path: screenshot });
      await tab.screenshot({ path: path.join(temp, "report-full.png"), fullPage: true });
      expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
  });
});

describe.skipIf(hasBrowser)("the HTML report in a real browser", () => {
  it(`SKIPPED: no browser at ${browserPath} (apt-get install -y chromium)`, () => undefined);
});
