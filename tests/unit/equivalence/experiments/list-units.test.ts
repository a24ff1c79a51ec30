import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listExperimentUnits, parseShard, selectShard } from "../../../../src/equivalence/experiments/list-units.js";
import { repoRoot } from "../../../helpers/copy-fixture.js";
import type { ExperimentSpec } from "../../../../src/model/manifest-schema.js";

describe("shards", () => {
  it("every unit lands in exactly one shard, for any unit count and shard count", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (ids, count) => {
        const units = ids.map((id, i) => `${i}:${id}`);
        const seen = Array.from({ length: count }, (_v, i) => selectShard(units, { index: i + 1, count })).flat();
        expect(seen.sort()).toEqual([...units].sort());
        const sizes = Array.from({ length: count }, (_v, i) => selectShard(units, { index: i + 1, count }).length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("parses i/n and refuses anything else", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3"])
      expect(() => parseShard(bad)).toThrow(`--shard ${bad}: expected i/n with 1 <= i <= n`);
  });

  it("expands experiments × inputs in a stable sorted order", async () => {
    const root = `${repoRoot}/fixtures/equivalence/experiments`;
    const experiments = [
      {
        name: "stats",
        inputs: ["data/*.csv"],
        legacy: { run: "x" },
        migrated: { run: "y" },
        outputs: [{ file: "o.csv" }],
      },
      { name: "backtest", module: { legacy: "a.ts#f", migrated: "b.ts#f", cases: "c.json" } },
    ] as ExperimentSpec[];
    const units = await listExperimentUnits(root, experiments);
    expect(units.map((u) => u.id)).toEqual(["backtest", "stats[data/prices-a.csv]", "stats[data/prices-b.csv]"]);
    await expect(listExperimentUnits(root, [{ ...experiments[0], inputs: ["nothing/*.csv"] }])).rejects.toThrow(
      "experiment stats: inputs nothing/*.csv match no files",
    );
  });
});
