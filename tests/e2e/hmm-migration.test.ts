import { existsSync, readFileSync, readdirSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import {
  createGateChecks,
  listRunHistory,
  loadManifest,
  prepareHmmWorkdir,
  runEquivalence,
  runHmmDemo,
  runStages,
  type DemoSection,
} from "../../src/internal.js";
import { repoRoot } from "../helpers/copy-fixture.js";

const plain = new Chalk({ level: 0 });

describe("the reference migration (graft demo, part 2)", () => {
  it("extracts the monolith into modules with every gate passing, keeps main.ts working, and rolls back byte for byte", async () => {
    const keep = path.join(await mkdtemp(path.join(os.tmpdir(), "graft-hmm-kept-")), "tree");
    const sections: DemoSection[] = [];
    const result = await runHmmDemo(plain, (s) => sections.push(s), { keep });

    expect(result.stages.map((s) => [s.name, s.status])).toEqual([
      ["feature-engineering", "applied"],
      ["streaming", "applied"],
      ["gaussian-hmm", "applied"],
      ["strategy-engine", "applied"],
      ["performance-metrics", "applied"],
      ["pipeline", "applied"],
      ["cli", "applied"],
    ]);
    for (const stage of result.stages) {
      expect(stage.checks.length, stage.name).toBeGreaterThanOrEqual(2);
      for (const check of stage.checks) expect(check.ok, `${stage.name}: ${check.name}: ${check.text}`).toBe(true);
      expect(stage.checks[0]!.name).toBe("typecheck tsconfig.json");
      expect(stage.checks[0]!.text).toBe("0 type error(s), none new");
    }
    expect(result.finalReport?.equal).toBe(true);
    expect(result.ok).toBe(true);
    expect(result.restoredExactly).toBe(true);

    for (const module of [
      "src/data-processing/feature-engineering.ts",
      "src/data-processing/streaming.ts",
      "src/model/gaussian-hmm.ts",
      "src/backtesting/strategy-engine.ts",
      "src/backtesting/performance-metrics.ts",
      "src/pipelines/hmm-pipeline.ts",
      "src/cli/hmm-commands.ts",
    ]) {
      expect(existsSync(path.join(keep, module)), module).toBe(true);
    }
    const shim = readFileSync(path.join(keep, "main.ts"), "utf8");
    expect(shim).toMatch(/export \{ addFeatures \} from "\.\/src\/data-processing\/feature-engineering\.js";/);
    expect(shim).toMatch(/export \{ main \} from "\.\/src\/pipelines\/hmm-pipeline\.js";/);
    expect(readFileSync(path.join(keep, "src/data-processing/feature-engineering.ts"), "utf8")).toContain(
      "export function addFeatures(",
    );
    // The rolled-back tree holds none of the new modules.
    expect(existsSync(path.join(result.root, "src"))).toBe(false);
  }, 900_000);
});

describe("a step that changes behaviour", () => {
  it("is stopped by its gate and rolled back alone; earlier steps stay applied", async () => {
    const bundled = readFileSync(path.join(repoRoot, "manifests/hmm-pipeline-modules.yaml"), "utf8");
    const steps = [
      "steps:",
      "  - name: feature-engineering",
      "    extract: { from: main.ts, symbols: [addFeatures], to: src/data-processing/feature-engineering.ts }",
      "    gate: [add-features]",
      "  - name: tidy-epsilon",
      "    codemod: { transform: codemods-local/change-constant/index.ts, files: [src/data-processing/feature-engineering.ts] }",
      "    gate: [add-features]",
      "  - name: streaming",
      "    extract: { from: main.ts, symbols: [streamFeatures], to: src/data-processing/streaming.ts }",
    ].join("\n");
    const manifestText = bundled.replace(/^steps:\n(?: {2}.*\n)+/m, steps + "\n");
    const { root, manifestPath } = await prepareHmmWorkdir(manifestText);
    const { cp } = await import("node:fs/promises");
    await cp(path.join(repoRoot, "fixtures/steps/change-constant"), path.join(root, "codemods-local/change-constant"), {
      recursive: true,
    });
    const manifest = await loadManifest(manifestPath);
    const gates = createGateChecks(manifest);
    const result = await runStages(manifest, { gateChecks: (names) => gates(names), apply: { allowDirty: true } });

    expect(result.ok).toBe(false);
    expect(result.stages.map((s) => s.status)).toEqual(["applied", "failed", "not-run"]);
    const failed = result.stages[1]!;
    expect(failed.error).toMatch(/gate add-features: add-features different: \d+ of 5 case\(s\) differ/);
    expect(failed.checks.find((c) => c.name === "gate add-features")?.ok).toBe(false);
    const module = readFileSync(path.join(root, "src/data-processing/feature-engineering.ts"), "utf8");
    expect(module).toContain("bb.lband[i] + 1e-10)");
    expect(module).not.toContain("1e-9");

    const history = await listRunHistory(root);
    expect(history.map((h) => h.record.status)).toEqual(["failed", "applied"]);
    expect(history[0]!.record.rollbacks.map((r) => r.reason)).toEqual(["failure"]);
    expect(history[0]!.record.error).toContain("gate add-features");
    const after = await runEquivalence(manifest, { only: ["add-features"] });
    expect(after.equal).toBe(true);
    expect(readdirSync(path.join(root, "src/data-processing"))).toEqual(["feature-engineering.ts"]);
  }, 600_000);
});
