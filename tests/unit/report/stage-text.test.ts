import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { renderStageOutcome } from "../../../src/report/stage-text.js";
import type { StageOutcome } from "../../../src/model/stage.js";

const plain = new Chalk({ level: 0 });
const base: StageOutcome = {
  index: 1,
  name: "tidy-epsilon",
  kind: "codemod",
  detail: "1 file edited",
  status: "applied",
  runId: "r1",
  checks: [],
};

describe("renderStageOutcome", () => {
  it("marks every check of an applied step with ✓", () => {
    const text = renderStageOutcome(
      { ...base, checks: [{ name: "typecheck tsconfig.json", ok: true, text: "0 type error(s)" }] },
      plain,
    );
    expect(text).toBe(
      "step 2 tidy-epsilon: applied (run r1) — 1 file edited\n  ✓ typecheck tsconfig.json: 0 type error(s)",
    );
  });

  it("leads a failed step with the check that failed and shows no ✓ for the checks before it", () => {
    const failed: StageOutcome = {
      ...base,
      status: "failed",
      checks: [
        { name: "typecheck tsconfig.json", ok: true, text: "0 type error(s)" },
        { name: "gate add-features", ok: false, text: "add-features different: 3 of 5 case(s) differ" },
      ],
      error: "check gate add-features failed: add-features different: 3 of 5 case(s) differ",
    };
    delete failed.runId;
    const text = renderStageOutcome(failed, plain);
    const lines = text.split("\n");
    expect(lines[0]).toBe("step 2 tidy-epsilon: failed at gate add-features, rolled back");
    expect(lines[1]).toBe("  ✗ gate add-features: add-features different: 3 of 5 case(s) differ");
    expect(text).not.toContain("✓");
    expect(text).toContain("void now that the step is rolled back: typecheck tsconfig.json");
  });

  it("names the error of a step that failed before any check ran", () => {
    const text = renderStageOutcome(
      { ...base, status: "failed", error: "extract: no symbol named foo in main.ts" },
      plain,
    );
    expect(text.split("\n").slice(0, 2)).toEqual([
      "step 2 tidy-epsilon: failed, rolled back",
      "  ✗ extract: no symbol named foo in main.ts",
    ]);
  });
});
