import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture } from "../helpers/copy-fixture.js";
import { runGraft } from "../helpers/run-cli.js";

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe("--html reports of graft plan and graft equiv (built CLI)", () => {
  it("graft plan --html writes the dry run as a page: verdict, counts, the patch with file names as text", async () => {
    const root = await copyFixture("consolidation");
    folders.push(root);
    const result = runGraft(["plan", "graft-resolved.yaml", "--html", "plan.html"], { cwd: root });
    expect(result.code).toBe(0);
    const html = await readFile(path.join(root, "plan.html"), "utf8");
    expect(html).toContain("✓ PASSED: ready to apply (dry run: nothing was written)</p>");
    expect(html).toContain("<li>9 file(s) moved, 2 edited in place, 1 written, 3 deleted</li>");
    expect(html).toContain(
      "backtester_v2/market_regime/régime_notes.md → backtester_v2/strategies/market_regime/régime_notes.md",
    );
    expect(html).not.toContain("\\303");
    const blocked = runGraft(["plan", "graft.yaml", "--html", "blocked.html"], { cwd: root });
    expect(blocked.code).toBe(0);
    expect(await readFile(path.join(root, "blocked.html"), "utf8")).toMatch(
      /✗ FAILED: cannot be applied until \d+ conflict\(s\) are resolved<\/p>/,
    );
  });

  it("graft equiv --html writes the verdict, the units and the per-column tables", async () => {
    const root = await copyFixture("equivalence/experiments");
    folders.push(root);
    const result = runGraft(["equiv", "graft.yaml", "--only", "stats-buggy", "--html", "equiv.html"], { cwd: root });
    expect(result.code).toBe(1);
    const html = await readFile(path.join(root, "equiv.html"), "utf8");
    expect(html).toContain("✗ FAILED: not equivalent: 2 of 2 unit(s) differ</p>");
    expect(html).toContain(
      '<th scope="row">vwap</th><td><span class="bad">✗ beyond tolerance</span></td><td>rtol=1e-12 atol=0</td>',
    );
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="chart error-chart"');
  });
});
