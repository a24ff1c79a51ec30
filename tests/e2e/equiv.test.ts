import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { parse as parseJUnit } from "junit2json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixture } from "../helpers/copy-fixture.js";
import { runGraft } from "../helpers/run-cli.js";

let root = "";
beforeAll(async () => {
  root = await copyFixture("equivalence/experiments");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("graft equiv (built CLI)", () => {
  it("exits 0 when the selected experiments are equivalent, with a JSON report and a JUnit file", async () => {
    const junit = path.join(root, "reports/equiv.xml");
    const result = runGraft(["equiv", "--only", "stats,backtest", "graft.yaml", "--json", "--junit", junit], {
      cwd: root,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.equal).toBe(true);
    expect(report.units.map((u: { id: string; status: string }) => [u.id, u.status])).toEqual([
      ["backtest", "equal"],
      ["stats[data/prices-a.csv]", "equal"],
      ["stats[data/prices-b.csv]", "equal"],
    ]);
    const xml = await readFile(junit, "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = (await parseJUnit(xml)) as { tests?: number; failures?: number };
    expect([parsed.tests, parsed.failures]).toEqual([3, 0]);
  });

  it("exits 1 on differences with annotations, runs only its shard, and exits 2 on a bad shard", () => {
    const result = runGraft(["equiv", "graft.yaml", "--only", "stats-buggy", "--shard", "2/2", "--github"], {
      cwd: root,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("graft: not equivalent: 1 of 1 unit(s) differ\n");
    expect(result.stdout).toContain("✗ stats-buggy[data/prices-b.csv]  prices-b.stats.csv differs\n");
    expect(result.stdout).not.toContain("prices-a");
    expect(result.stdout).toContain(
      '::error file=data/prices-b.csv,title=graft equiv stats-buggy[data/prices-b.csv]%3A column vwap::prices-b.stats.csv: data row 4 (line 5), column vwap: legacy "20.255186721991702" vs migrated "20.238391376451077"',
    );
    const bad = runGraft(["equiv", "graft.yaml", "--shard", "3/2"], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("graft: --shard 3/2: expected i/n with 1 <= i <= n\n");
  });

  it("merges shard reports into one report and one JUnit file, and exits 2 on a missing baseline", async () => {
    const shards = path.join(root, "shards");
    await mkdir(shards, { recursive: true });
    for (const shard of ["1/2", "2/2"]) {
      const run = runGraft(
        ["equiv", "graft.yaml", "--only", "stats", "--only", "stats-buggy", "--shard", shard, "--json"],
        {
          cwd: root,
        },
      );
      expect(run.code).toBe(1);
      await writeFile(path.join(shards, `shard-${shard[0]}.json`), run.stdout);
    }
    const junit = path.join(root, "reports/merged.xml");
    const merged = runGraft(["equiv", "--merge-reports", shards, "--junit", junit], { cwd: root });
    expect(merged.code).toBe(1);
    expect(merged.stderr).toBe("graft: not equivalent: 2 of 4 unit(s) differ\n");
    expect(merged.stdout).toContain("✗ stats-buggy[data/prices-b.csv]  prices-b.stats.csv differs\n");
    expect(merged.stdout).toContain("✓ stats[data/prices-a.csv]  1 output(s) equal\n");
    const parsed = (await parseJUnit(await readFile(junit, "utf8"))) as { tests?: number; failures?: number };
    expect([parsed.tests, parsed.failures]).toEqual([4, 2]);
    await writeFile(path.join(shards, "shard-3.json"), "{}");
    const bad = runGraft(["equiv", "--merge-reports", shards], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `graft: ${path.join(shards, "shard-3.json")}: manifest: Invalid input: expected string, received undefined (expected the JSON of graft equiv --json)\n`,
    );

    await writeFile(
      path.join(root, "baseline.yaml"),
      [
        "version: 1",
        "name: baseline",
        "root: .",
        "equivalence:",
        "  - name: stats-baseline",
        "    inputs: [data/prices-a.csv]",
        '    legacy: { run: "node legacy/stats.mjs {input} {input_stem}.stats.csv", from: baseline }',
        '    migrated: { run: "node migrated/stats.mjs {input} {input_stem}.stats.csv" }',
        '    outputs: [{ file: "{input_stem}.stats.csv" }]',
        "",
      ].join("\n"),
    );
    const missing = runGraft(["equiv", "baseline.yaml"], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "graft: set-up error in 1 unit(s), first: stats-baseline[data/prices-a.csv]: no baseline recorded under .graft/baselines/stats-baseline/data/prices-a.csv; run graft equiv --record first\n",
    );
  });
});
