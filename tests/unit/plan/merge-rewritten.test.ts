import { appendFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifest, planMigration } from "../../../src/index.js";
import { copyFixture } from "../../helpers/copy-fixture.js";

describe("merge-exports after import rewriting", () => {
  it("appends the source's import already re-levelled for its new place", async () => {
    const dir = await copyFixture("consolidation");
    appendFileSync(
      path.join(dir, "tree/backtester_v2/market_regime/__init__.py"),
      "from ..core.engine import Engine\n",
    );
    const plan = await planMigration(await loadManifest(path.join(dir, "graft-resolved.yaml")));
    const write = plan.operations.find(
      (op) => op.op === "write" && op.path === "backtester_v2/strategies/market_regime/__init__.py",
    );
    expect(write?.op).toBe("write");
    const content = Buffer.from((write as { content: string }).content, "base64").toString("utf8");
    expect(content).toContain("from ...core.engine import Engine\n");
    expect(content).not.toContain("from ..core.engine import Engine\n");
    expect(content).toContain("from .detector import RegimeDetector\n");
  });
});
