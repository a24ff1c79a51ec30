import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { copyFixture } from "../helpers/copy-fixture.js";
import { fingerprintFolder } from "../../src/shared/fingerprint-folder.js";
import { runGraft } from "../helpers/run-cli.js";

let dir: string;

beforeAll(async () => {
  dir = await copyFixture("consolidation");
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "core.quotePath=true", ...args], {
    cwd,
    encoding: "utf8",
  });

describe("graft classify", () => {
  it("prints the exact JSON classification of the consolidation fixture", () => {
    const result = runGraft(["classify", path.join(dir, "graft.yaml"), "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      moves: [
        {
          from: "backtester_v2/market_regime",
          to: "backtester_v2/strategies/market_regime",
          sourceOnly: [
            "comprehensive_modules/__init__.py",
            "comprehensive_modules/indicators.py",
            "crlf_settings.py",
            "data/regimes.bin",
            "detector.py",
            "empty_dir/",
            "latest.py",
            "régime_notes.md",
          ],
          identical: ["constants.py", "utils.py"],
          conflicts: ["__init__.py", "excel_config_parser.py", "strategy.py"],
          targetOnly: ["README.md", "cache/", "legacy_adapter.py"],
        },
      ],
    });
  });

  it("prints a readable summary without colour when NO_COLOR is set", () => {
    const result = runGraft(["classify", path.join(dir, "graft.yaml")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("8 source-only, 2 identical, 3 conflicts, 3 target-only");
    expect(result.stdout).not.toMatch(/\x1b\[/);
  });
});

describe("graft plan", () => {
  it("lists manual conflicts as blockers and exits 3 with --check", () => {
    const result = runGraft(["plan", path.join(dir, "graft.yaml"), "--check"]);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain("Cannot be applied until");
    expect(result.stdout).toContain("conflict backtester_v2/strategies/market_regime/strategy.py: strategy manual");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^graft: plan cannot be applied: \d+ unresolved conflict/);
  });

  it("computes every operation, pinned to the sha256 of what it read", () => {
    const result = runGraft(["plan", path.join(dir, "graft-resolved.yaml"), "--json"]);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    const ops = plan.operations.map(
      (op: Record<string, string>) => `${op.op} ${op.from ?? op.path}${op.to ? " -> " + op.to : ""}`,
    );
    const src = "backtester_v2/market_regime";
    const dst = "backtester_v2/strategies/market_regime";
    expect(ops).toEqual(
      expect.arrayContaining([
        `mkdir ${dst}/comprehensive_modules`,
        `mkdir ${dst}/data`,
        `mkdir ${dst}/empty_dir`,
        `move ${src}/detector.py -> ${dst}/detector.py`,
        `move ${src}/latest.py -> ${dst}/latest.py`,
        `move ${src}/data/regimes.bin -> ${dst}/data/regimes.bin`,
        `move ${src}/strategy.py -> ${dst}/strategy.py`,
        `delete ${src}/utils.py`,
        `delete ${src}/constants.py`,
        `rmdir ${src}`,
      ]),
    );
    expect(ops.indexOf(`rmdir ${src}`)).toBe(ops.length - 1);
    const link = plan.operations.find((op: { from?: string }) => op.from === `${src}/latest.py`);
    expect(link).toMatchObject({ kind: "symlink", linkTarget: "detector.py" });
    const replacing = plan.operations.find((op: { from?: string }) => op.from === `${src}/strategy.py`);
    expect(replacing.replaces).toBe(plan.reads[`${dst}/strategy.py`]);
    for (const op of plan.operations)
      if (op.op === "move" && op.kind === "file") expect(plan.reads[op.from]).toBe(op.sha256);
    const edits = plan.operations.filter((op: { op: string }) => op.op === "edit");
    expect(edits.map((op: { path: string }) => op.path)).toEqual(["backtester_v2/api/routes.py", "config/app.yaml"]);
    for (const op of edits) expect(op.sha256).toBe(plan.reads[op.path]);
    for (const op of edits) expect(op.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.format).toBe("graft-plan");
  });

  it("writes a patch that git apply accepts on the untouched tree and that reproduces the plan", async () => {
    const copy = await copyFixture("consolidation");
    const copyTree = path.join(copy, "tree");
    git(copyTree, "init", "-q");
    git(copyTree, "add", "-A");
    git(copyTree, "commit", "-qm", "base");
    const patchFile = path.join(copy, "changes.patch");
    const result = runGraft([
      "plan",
      path.join(copy, "graft-resolved.yaml"),
      "--patch",
      patchFile,
      "--out",
      path.join(copy, "plan.json"),
    ]);
    expect([0]).toContain(result.code);
    const patch = readFileSync(patchFile, "latin1");
    expect(patch).toContain("rename from backtester_v2/market_regime/detector.py");
    expect(patch).toContain('rename from "backtester_v2/market_regime/r\\303\\251gime_notes.md"');
    git(copyTree, "apply", "--check", patchFile);
    git(copyTree, "apply", "--index", patchFile);
    const after = git(copyTree, "ls-files", "-s");
    expect(after).toContain("120000");
    expect(after).toMatch(/backtester_v2\/strategies\/market_regime\/latest\.py/);
    expect(after).not.toMatch(/^\S+ \S+ \S+\s+backtester_v2\/market_regime\/detector\.py$/m);
    expect(readFileSync(path.join(copyTree, "backtester_v2/strategies/market_regime/crlf_settings.py"), "latin1")).toBe(
      "WINDOW = 3\r\nTHRESHOLD = 0.5\r\n",
    );
    expect(readFileSync(path.join(copyTree, "backtester_v2/strategies/market_regime/strategy.py"), "utf8")).toContain(
      "self.detector = RegimeDetector(n_states)",
    );
  });

  it("patches binary deletions with a GIT binary patch git accepts", async () => {
    const copy = await copyFixture("consolidation");
    const copyTree = path.join(copy, "tree");
    const bin = Buffer.from([0, 1, 2, 3, 0, 255]);
    writeFileSync(path.join(copyTree, "backtester_v2/strategies/market_regime/blob.bin"), bin);
    writeFileSync(path.join(copyTree, "backtester_v2/market_regime/blob.bin"), bin);
    git(copyTree, "init", "-q");
    git(copyTree, "add", "-A");
    git(copyTree, "commit", "-qm", "base");
    const patchFile = path.join(copy, "changes.patch");
    expect(runGraft(["plan", path.join(copy, "graft-resolved.yaml"), "--patch", patchFile]).code).toBe(0);
    expect(readFileSync(patchFile, "latin1")).toContain("GIT binary patch");
    git(copyTree, "apply", "--check", patchFile);
  });
});

describe("read-only commands", () => {
  it("validate, classify and plan never write in the tree", async () => {
    const before = await fingerprintFolder(dir);
    for (const args of [
      ["validate", path.join(dir, "graft.yaml")],
      ["classify", path.join(dir, "graft.yaml"), "--json"],
      ["plan", path.join(dir, "graft.yaml")],
      ["plan", path.join(dir, "graft-resolved.yaml"), "--json"],
      ["plan", path.join(dir, "graft-resolved.yaml"), "--patch", "-"],
    ]) {
      const result = runGraft(args);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
    }
    expect(await fingerprintFolder(dir)).toEqual(before);
  });

  it("turns a malformed manifest into one line on stderr and exit 2", () => {
    const bad = path.join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "version: 1\nname: x\nroot: tree\nmoves:\n  - { from: backtester_v2/market_regime, to: ../elsewhere }\n",
    );
    const result = runGraft(["plan", bad]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`graft: ${bad}:5:46: moves[0].to: must stay inside root\n`);
  });

  it("exits 2 on an unknown flag", () => {
    expect(runGraft(["classify", "--bogus"]).code).toBe(2);
  });
});
