import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { verifyBackups } from "../../src/backup/maintain-store.js";
import { rollbackRun } from "../../src/backup/rollback.js";
import { listRunHistory } from "../../src/backup/run-history.js";
import { loadManifest } from "../../src/manifest/load.js";
import type { PostWriteCheck } from "../../src/model/post-write-check.js";
import { applyPlan } from "../../src/pipeline/apply-plan.js";
import { planMigration } from "../../src/pipeline/plan-migration.js";
import { RefusedError } from "../../src/shared/errors.js";
import { type FsPort, nodeFsPort } from "../../src/shared/fs-port.js";
import { runGraftInProcess } from "../helpers/run-cli-in-process.js";
import { diffSnapshots, snapshotTree } from "../helpers/tree-snapshot.js";
import { makeSandbox, sampleManifest, sampleProject } from "./sandbox.js";

const userLine = "// a line the user wrote while graft was running\n";
const editedUse = sampleProject["src/use.ts"]!.replace("./old/a", "./new/a");

async function planSample(root: string) {
  const file = path.join(root, "graft.yaml");
  writeFileSync(file, sampleManifest());
  const manifest = await loadManifest(file);
  return { manifest, plan: await planMigration(manifest) };
}

/** A post-write check that runs `during` (the "user" at work while the run is checked), then fails. */
function failingCheckThat(during: () => void): PostWriteCheck {
  return {
    name: "slow-check",
    async afterWrite() {
      during();
      return { ok: false, message: "the project's checks failed" };
    },
  };
}

/** A port that runs `hook` once, just before the first call `when` selects, and waits for it. */
function pausingPort(when: (call: string, target: string) => boolean, hook: () => void | Promise<void>): FsPort {
  let fired = false;
  const pause = async (call: string, target: string) => {
    if (fired || !when(call, target)) return;
    fired = true;
    await hook();
  };
  return {
    ...nodeFsPort,
    async rename(from, to) {
      await pause("rename", to);
      return nodeFsPort.rename(from, to);
    },
    async openAppend(target, options) {
      await pause("openAppend", target);
      return nodeFsPort.openAppend(target, options);
    },
  };
}

describe("defect 1: an automatic rollback never overwrites a file changed during the run", () => {
  it("leaves a file the user edited while a check ran, restores the rest, exits 3 naming it and how to get both versions", async () => {
    const box = makeSandbox();
    const use = path.join(box.root, "src/use.ts");
    const { plan } = await planSample(box.root);
    const error = await applyPlan(plan, {
      verify: false,
      checks: [failingCheckThat(() => appendFileSync(use, userLine))],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    const message = (error as Error).message;
    expect(message).toContain("src/use.ts");
    const [run] = await listRunHistory(box.root);
    expect(message).toContain(`graft rollback ${run!.record.id} --force`);
    // The user's line is there, on top of the run's edit; everything else is as before the run.
    expect(readFileSync(use, "utf8")).toBe(editedUse + userLine);
    expect(readFileSync(path.join(box.root, "src/old/a.ts"), "utf8")).toBe(sampleProject["src/old/a.ts"]);
    expect(snapshotTree(box.root)["src/new"]).toBeUndefined();
    expect(run!.record.status).toBe("failed");

    // The version before the run is still one command away, and the user's version is backed up first.
    const forced = await rollbackRun(box.root, { runId: run!.record.id, force: true });
    expect(readFileSync(use, "utf8")).toBe(sampleProject["src/use.ts"]);
    expect(forced.entry.forcedBackups.map((b) => b.path)).toEqual(["src/use.ts"]);
  });

  it("through the CLI: a verify command that edits an importer the run changed gets exit 3 and the edit survives", async () => {
    const box = makeSandbox();
    const file = path.join(box.root, "graft.yaml");
    writeFileSync(
      file,
      sampleManifest(`verify:\n  commands: ["printf '${userLine.trim()}\\\\n' >> src/use.ts; exit 1"]\n`),
    );
    const result = await runGraftInProcess(["apply", file, "--yes", "--allow-dirty"]);
    expect(result.code, result.stderr).toBe(3);
    // The failing check is reported as a warning as it happens; the outcome is one line.
    const lines = result.stderr.split("\n").filter((line) => line && !line.startsWith("graft: warning:"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/src\/use\.ts/);
    expect(result.stderr).not.toMatch(/the tree is as before/);
    expect(readFileSync(path.join(box.root, "src/use.ts"), "utf8")).toBe(editedUse + userLine);
  });
});

describe("defect 2: a backup never follows the user's edit", () => {
  it("an original edited in place before the run replaced it: left alone, the rest restored, backups intact", async () => {
    const box = makeSandbox();
    const use = path.join(box.root, "src/use.ts");
    const { plan } = await planSample(box.root);
    const before = snapshotTree(box.root);
    // The run has backed up (adopted) src/use.ts; the user appends to it in place before the run writes it.
    const fs = pausingPort(
      (call, target) => call === "openAppend" && target.endsWith("journal.jsonl"),
      () => appendFileSync(use, userLine),
    );
    const error = await applyPlan(plan, { fs, verify: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toContain("src/use.ts");
    expect((error as Error).message).not.toMatch(/ROLLBACK FAILED/);
    expect(readFileSync(use, "utf8")).toBe(sampleProject["src/use.ts"] + userLine);
    const after = snapshotTree(box.root);
    expect(diffSnapshots(before, after).filter((line) => !line.includes("src/use.ts"))).toEqual([]);
    expect((await verifyBackups(box.root)).problems).toEqual([]);
    // Nothing of the run is left: no rollback is pending or possible, and nothing blocks the next apply.
    const next = await rollbackRun(box.root).catch((e: unknown) => e);
    expect((next as Error).message).toMatch(/no applied run to roll back/);
  });

  it("an original edited in place at the moment the run replaced it: the user's bytes are restored, not lost", async () => {
    const box = makeSandbox();
    const use = path.join(box.root, "src/use.ts");
    const { plan } = await planSample(box.root);
    // The edit lands after every check the run makes before replacing the file, just before the rename.
    const fs = pausingPort(
      (call, target) => call === "rename" && target === use,
      () => appendFileSync(use, userLine),
    );
    const error = await applyPlan(plan, {
      fs,
      verify: false,
      checks: [failingCheckThat(() => undefined)],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toContain("src/use.ts");
    expect((error as Error).message).not.toMatch(/ROLLBACK FAILED/);
    expect(readFileSync(use, "utf8")).toBe(sampleProject["src/use.ts"] + userLine);
    expect(readFileSync(path.join(box.root, "src/old/a.ts"), "utf8")).toBe(sampleProject["src/old/a.ts"]);
    expect((await verifyBackups(box.root)).problems).toEqual([]);
  });

  it("the same edit while a passing run replaces the file: the run stops and rolls back instead of hiding the bytes in the store", async () => {
    const box = makeSandbox();
    const use = path.join(box.root, "src/use.ts");
    const { plan } = await planSample(box.root);
    const fs = pausingPort(
      (call, target) => call === "rename" && target === use,
      () => appendFileSync(use, userLine),
    );
    const error = await applyPlan(plan, { fs, verify: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect(readFileSync(use, "utf8")).toBe(sampleProject["src/use.ts"] + userLine);
    expect((await verifyBackups(box.root)).problems).toEqual([]);
    const [run] = await listRunHistory(box.root);
    expect(run!.record.status).toBe("failed");
  });
});
