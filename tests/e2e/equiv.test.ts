import { readFile, rm } from "node:fs/promises";
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
    const result = runGraft(["equiv", "graft.yaml", "--only", "stats", "backtest", "--json", "--junit", junit], {
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
      '::error file=data/prices-b.csv,title=graft equiv stats-buggy[data/prices-b.csv]%3A column vwap::prices-b.stats.csv: row 3, column vwap: legacy "20.255186721991702" vs migrated "20.238391376451077"',
    );
    const bad = runGraft(["equiv", "graft.yaml", "--shard", "3/2"], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("graft: --shard 3/2: expected i/n with 1 <= i <= n\n");
  });
});
