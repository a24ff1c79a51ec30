import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import {
  createGateChecks,
  type DemoSection,
  listRunHistory,
  loadManifest,
  preparePyWorkdir,
  runEquivalence,
  runPyDemo,
  runStages,
  seedRecordedBaseline,
} from "../../src/internal.js";
import { repoRoot } from "../helpers/copy-fixture.js";
import { runGraft } from "../helpers/run-cli.js";

const plain = new Chalk({ level: 0 });
const bundled = readFileSync(path.join(repoRoot, "manifests/py-pipeline-modules.yaml"), "utf8");
const env = { ...process.env, PYTHONDONTWRITEBYTECODE: "1" };

/** The bundled manifest with its steps replaced. */
function withSteps(lines: string[]): string {
  return bundled.replace(/^steps:\n(?: {2}.*\n)+/m, `steps:\n${lines.join("\n")}\n`);
}

describe("the Python reference migration (graft demo, part 3)", () => {
  it("splits the monolith into modules with every gate passing, keeps main.py working, and rolls back byte for byte", async () => {
    const keep = path.join(await mkdtemp(path.join(os.tmpdir(), "graft-py-kept-")), "tree");
    const sections: DemoSection[] = [];
    const result = await runPyDemo(plain, (s) => sections.push(s), { keep, removeWorkdir: true });

    expect(result.stages.map((s) => [s.name, s.status])).toEqual([
      ["config", "applied"],
      ["csv-io", "applied"],
      ["feature-engineering", "applied"],
      ["gaussian-hmm", "applied"],
      ["strategy-engine", "applied"],
      ["performance-metrics", "applied"],
      ["pipeline", "applied"],
      ["cli", "applied"],
    ]);
    for (const stage of result.stages) {
      expect(stage.checks.length, stage.name).toBeGreaterThanOrEqual(1);
      for (const check of stage.checks) expect(check.ok, `${stage.name}: ${check.name}: ${check.text}`).toBe(true);
      expect(stage.checks.map((c) => c.name)).toContain("gate pipeline-outputs");
    }
    expect(result.stages.flatMap((s) => s.checks.map((c) => c.name))).toEqual(
      expect.arrayContaining([
        "gate vs-recorded",
        "gate read-prices",
        "gate add-features",
        "gate hmm-fit",
        "gate simple-backtest",
        "gate perf-metrics",
      ]),
    );
    expect(result.finalReport?.equal).toBe(true);
    expect(result.ok).toBe(true);
    expect(result.restoredExactly).toBe(true);
    expect(existsSync(result.workdir)).toBe(false);

    // The migrated tree: modules under src/ with __init__.py (the project has regular packages), main.py a shim.
    for (const module of [
      "src/__init__.py",
      "src/config.py",
      "src/data_processing/__init__.py",
      "src/data_processing/csv_io.py",
      "src/data_processing/feature_engineering.py",
      "src/models/gaussian_hmm.py",
      "src/backtesting/strategy_engine.py",
      "src/backtesting/performance_metrics.py",
      "src/pipelines/regime_pipeline.py",
      "src/pipelines/cli.py",
    ])
      expect(existsSync(path.join(keep, module)), module).toBe(true);
    const shim = readFileSync(path.join(keep, "main.py"), "utf8");
    expect(shim).toContain("from src.pipelines.cli import parse_args, main  # noqa: F401\n");
    expect(shim).toMatch(/if __name__ == "__main__":\n {4}sys\.exit\(main\(\)\)\n$/);
    expect(shim).not.toMatch(/^def /m);
    // Importers and patch targets followed the code.
    const tests = readFileSync(path.join(keep, "tests/test_pipeline.py"), "utf8");
    expect(tests).toContain("from src.data_processing.feature_engineering import add_features\n");
    expect(tests).toContain('mock.patch("src.pipelines.regime_pipeline.read_prices", return_value=bars)');
    // The migrated program runs as the monolith did, and the project's checks pass on it.
    const out = await mkdtemp(path.join(os.tmpdir(), "graft-py-out-"));
    const run = spawnSync(
      "python3",
      ["main.py", "data/prices.csv", "--backtest", "--prevent-lookahead", "--out-dir", out],
      { cwd: keep, env, encoding: "utf8" },
    );
    expect(run.status, run.stderr).toBe(0);
    for (const name of ["prices.hmm_states.csv", "prices.backtest.csv", "prices.metrics.csv"])
      expect(readFileSync(path.join(out, name), "utf8"), name).toBe(
        readFileSync(path.join(repoRoot, "fixtures/py-pipeline/recorded", name), "utf8"),
      );
    const checks = spawnSync("python3", ["-m", "unittest", "-q", "tests.test_pipeline"], {
      cwd: keep,
      env,
      encoding: "utf8",
    });
    expect(checks.status, checks.stderr).toBe(0);
    await rm(path.dirname(keep), { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  }, 900_000);
});

describe("Python steps that must not go through", () => {
  it("a step that changes behaviour is stopped by its gate and rolled back alone; earlier steps stay applied", async () => {
    const { workdir, root, manifestPath } = await preparePyWorkdir(
      withSteps([
        "  - name: config",
        "    extract: { from: main.py, symbols: [log, FEATURE_COLUMNS, EPS, BARS_PER_YEAR, MIN_COVAR, PRICE_COLUMNS], to: src/config.py }",
        "    gate: [vs-recorded]",
        "  - name: tidy-epsilon",
        "    codemod: { transform: codemods-local/change-python-constant/index.ts, files: [src/config.py] }",
        "    gate: [vs-recorded]",
        "  - name: csv-io",
        "    extract: { from: main.py, symbols: [read_prices], to: src/data_processing/csv_io.py }",
      ]),
    );
    await cp(
      path.join(repoRoot, "fixtures/steps/change-python-constant"),
      path.join(root, "codemods-local/change-python-constant"),
      { recursive: true },
    );
    await seedRecordedBaseline(root);
    const manifest = await loadManifest(manifestPath);
    const gates = createGateChecks(manifest);
    const result = await runStages(manifest, { gateChecks: (names) => gates(names), apply: { allowDirty: true } });

    expect(result.ok).toBe(false);
    expect(result.stages.map((s) => s.status)).toEqual(["applied", "failed", "not-run"]);
    expect(result.stages[1]!.error).toMatch(
      /gate vs-recorded: vs-recorded\[data\/prices.csv\] different: prices.hmm_states.csv differs/,
    );
    expect(readFileSync(path.join(root, "src/config.py"), "utf8")).toContain("EPS = 1e-10");
    const history = await listRunHistory(root);
    expect(history.map((h) => h.record.status)).toEqual(["failed", "applied"]);
    expect((await runEquivalence(manifest, { only: ["vs-recorded"] })).equal).toBe(true);
    await rm(workdir, { recursive: true, force: true });
  }, 600_000);

  it("a step that would close an import cycle is refused before anything is written, with the cycle named", async () => {
    const { workdir, root, manifestPath } = await preparePyWorkdir(
      withSteps([
        "  - name: pipeline-first",
        "    extract: { from: main.py, symbols: [run_pipeline], to: src/pipelines/regime_pipeline.py }",
      ]),
    );
    const manifest = await loadManifest(manifestPath);
    const before = readdirSync(root).sort();
    const result = await runStages(manifest, { apply: { allowDirty: true } });

    expect(result.stages.map((s) => s.status)).toEqual(["failed"]);
    expect(result.stages[0]!.error).toMatch(
      /^extract: src\/pipelines\/regime_pipeline\.py and main\.py would import each other while they load \(src\/pipelines\/regime_pipeline\.py → main\.py → src\/pipelines\/regime_pipeline\.py\): src\/pipelines\/regime_pipeline\.py needs log, FEATURE_COLUMNS, PRICE_COLUMNS, read_prices, add_features, drop_incomplete, standardize, fit_gaussian_hmm, viterbi, simple_backtest, perf_metrics from main\.py/,
    );
    expect(readdirSync(root).sort()).toEqual(before);
    await rm(workdir, { recursive: true, force: true });
  }, 600_000);

  it("graft demo --only names its parts; anything else is bad input (exit 2, nothing run)", () => {
    const run = runGraft(["demo", "--only", "python"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('graft: demo: --only: expected consolidation, hmm or py, got "python"');
    expect(run.stdout).toBe("");
  });
});
