import { describe, expect, it } from "vitest";
import { runGraft } from "../helpers/run-cli.js";

// Preloaded into the CLI process: prints the young generation's size (V8's new space) as the process exits.
const reportNewSpace = `data:text/javascript,${encodeURIComponent(
  'import v8 from "node:v8"; process.on("exit", () => process.stderr.write("new space " + v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size + "\\n"));',
)}`;

/** The new space, in bytes, at the end of `graft plan` on the Python pipeline manifest (a command that allocates). */
function newSpaceAfterPlan(env: NodeJS.ProcessEnv): number {
  const result = runGraft(["plan", "manifests/py-pipeline-modules.yaml", "--json"], {
    env: { ...env, NODE_OPTIONS: `--import=${reportNewSpace}` },
  });
  expect(result.code).toBe(0);
  const line = /new space (\d+)/.exec(result.stderr);
  expect(line, result.stderr).not.toBeNull();
  return Number(line![1]);
}

describe("the CLI's young generation (src/cli/young-generation.ts)", () => {
  it("stays at V8's initial size, where V8's default lets the same command grow it", () => {
    const kept = newSpaceAfterPlan({});
    const grown = newSpaceAfterPlan({ GRAFT_YOUNG_GENERATION: "grow" });
    // V8 starts with two 1 MB semi-spaces and doubles them as they fill, up to 2 × 16 MB.
    expect(kept).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(grown).toBeGreaterThan(kept);
  });
});
