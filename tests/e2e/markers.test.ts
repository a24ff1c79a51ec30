import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture } from "../helpers/copy-fixture.js";
import { runGraft } from "../helpers/run-cli.js";

describe("conflict strategy markers", () => {
  it("needs --accept-markers to apply, and graft verify fails while markers remain", async () => {
    const dir = await copyFixture("consolidation");
    const manifest = path.join(dir, "markers.yaml");
    writeFileSync(
      manifest,
      readFileSync(path.join(dir, "graft-resolved.yaml"), "utf8").replace("default: keep-source", "default: markers"),
    );
    const plan = runGraft(["plan", manifest, "--json"]);
    expect(JSON.parse(plan.stdout).markers).toEqual([
      "backtester_v2/strategies/market_regime/excel_config_parser.py",
      "backtester_v2/strategies/market_regime/strategy.py",
    ]);

    const refused = runGraft(["apply", manifest, "--yes", "--allow-dirty"]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("writes conflict markers into 2 file(s)");
    expect(refused.stderr).toContain("--accept-markers");

    const applied = runGraft(["apply", manifest, "--yes", "--accept-markers", "--no-verify"]);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    const strategy = readFileSync(path.join(dir, "tree/backtester_v2/strategies/market_regime/strategy.py"), "utf8");
    expect(strategy).toMatch(/^<<<<<<< target$/m);
    expect(strategy).toMatch(/^>>>>>>> source$/m);

    const verify = runGraft(["verify", manifest]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(
      /conflict marker backtester_v2\/strategies\/market_regime\/strategy\.py:\d+ <<<<<<< target/,
    );
  }, 120_000);
});
