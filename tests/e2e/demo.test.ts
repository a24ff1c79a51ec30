import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { runConsolidationDemo, type DemoSection } from "../../src/internal.js";

describe("graft demo (consolidation part)", () => {
  it("plans without writing, applies, and rolls back to a byte-identical tree", async () => {
    const sections: DemoSection[] = [];
    const result = await runConsolidationDemo(new Chalk({ level: 0 }), (s) => sections.push(s));
    expect(result.treeUnchanged).toBe(true);
    expect(result.blockers).toBe(0);
    expect(result.restoredExactly).toBe(true);
    expect(result.runId).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{6}$/);
    expect(sections.map((s) => s.title)).toEqual([
      "Fixture",
      "graft classify graft.yaml",
      "graft plan graft.yaml (manual conflicts stay manual)",
      "graft plan graft-resolved.yaml --patch changes.patch",
      "Dry run wrote nothing",
      "graft apply graft-resolved.yaml",
      `graft rollback ${result.runId}`,
    ]);
    expect(sections[5]!.body).toContain(
      "from backtester_v2.strategies.market_regime.strategy import MarketRegimeStrategy",
    );
  });
});
