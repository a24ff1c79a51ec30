import { cruise, type ICruiseResult } from "dependency-cruiser";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../helpers/copy-fixture.js";

const stagesThatMayTouchDisk = "^src/(scan|apply|backup|equivalence|shared)/";
const nodeIo = "^(fs|node:fs|fs/promises|node:fs/promises|child_process|node:child_process)$";

/** The architecture's dependency rules, enforced on graft itself. */
const ruleSet = {
  forbidden: [
    {
      name: "cli-only-through-index",
      severity: "error",
      from: { path: "^src/cli/" },
      to: { path: "^src/", pathNot: ["^src/cli/", "^src/index\\.ts$"] },
    },
    {
      name: "library-never-imports-cli",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "library-never-imports-index",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/cli/", "^src/index\\.ts$"] },
      to: { path: "^src/index\\.ts$" },
    },
    {
      name: "shared-is-a-leaf",
      severity: "error",
      from: { path: "^src/shared/" },
      to: { path: "^src/", pathNot: "^src/shared/" },
    },
    { name: "report-does-no-io", severity: "error", from: { path: "^src/report/" }, to: { path: nodeIo } },
    { name: "classify-is-pure", severity: "error", from: { path: "^src/classify/" }, to: { path: nodeIo } },
    { name: "lang-is-pure", severity: "error", from: { path: "^src/lang/" }, to: { path: nodeIo } },
    { name: "plan-does-no-io-but-through-scan", severity: "error", from: { path: "^src/plan/" }, to: { path: nodeIo } },
    {
      name: "only-io-stages-spawn-or-write",
      severity: "error",
      from: {
        path: "^src/",
        pathNot: [
          stagesThatMayTouchDisk,
          "^src/cli/",
          "^src/manifest/",
          "^src/codemod/custom-transform",
          "^src/verify/",
        ],
      },
      to: { path: "^(child_process|node:child_process)$" },
    },
    { name: "no-circular", severity: "error", from: { path: "^src/" }, to: { circular: true } },
  ],
};

let result: ICruiseResult;

beforeAll(async () => {
  const previous = process.cwd();
  process.chdir(repoRoot);
  try {
    const output = await cruise(["src", "bin"], {
      validate: true,
      ruleSet: ruleSet as never,
      tsConfig: { fileName: "tsconfig.json" },
      doNotFollow: { path: "node_modules" },
      exclude: { path: "node_modules" },
    });
    result = output.output as ICruiseResult;
  } finally {
    process.chdir(previous);
  }
}, 120_000);

describe("layering", () => {
  it("bin → cli → index → stages, never backwards; pure stages do no I/O; no cycles", () => {
    const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
  });

  it("actually saw the source tree", () => {
    expect(result.summary.totalCruised).toBeGreaterThan(20);
  });
});
