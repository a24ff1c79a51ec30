import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getLayout, getObjectPath, getRecordPath } from "../../src/backup/layout.js";
import type { RunRecord } from "../../src/backup/types.js";
import { loadManifest } from "../../src/manifest/load.js";
import { applyPlan } from "../../src/pipeline/apply-plan.js";
import { planMigration } from "../../src/pipeline/plan-migration.js";
import { sha256Hex } from "../../src/shared/hash.js";
import { runGraftInProcess } from "../helpers/run-cli-in-process.js";
import { snapshotTree } from "../helpers/tree-snapshot.js";
import { makeSandbox, type Sandbox, sampleManifest, sampleProject } from "./sandbox.js";

/** Applies the sample move; returns the run record's path and content. */
async function applySample(box: Sandbox): Promise<{ id: string; recordPath: string; record: RunRecord }> {
  const file = path.join(box.root, "graft.yaml");
  writeFileSync(file, sampleManifest());
  const record = await applyPlan(await planMigration(await loadManifest(file)), { verify: false });
  const recordPath = getRecordPath(getLayout(box.root), record.id);
  return { id: record.id, recordPath, record: JSON.parse(readFileSync(recordPath, "utf8")) as RunRecord };
}

function rewrite(recordPath: string, change: (record: RunRecord) => void): void {
  const record = JSON.parse(readFileSync(recordPath, "utf8")) as RunRecord;
  change(record);
  writeFileSync(recordPath, JSON.stringify(record));
}

function oneLine(result: { stderr: string }): void {
  expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** Adds a change outside the root to the record's first action: "the run created the sibling's file". */
const escapeChange = (box: Sandbox) => (record: RunRecord) => {
  const bytes = readFileSync(path.join(box.sibling, "secret.txt"));
  record.actions[0]!.changes.push({
    path: "../sibling/secret.txt",
    before: { kind: "absent" },
    after: { kind: "file", sha256: sha256Hex(bytes), mode: 0o600, size: bytes.length },
  });
};

describe("defect 5: run records and .graft are not trusted", () => {
  it("a record edited by hand is refused by rollback (exit 3) unless --trust-records", async () => {
    const box = makeSandbox();
    const { id, recordPath } = await applySample(box);
    rewrite(recordPath, (record) => {
      record.command = ["graft", "apply", "edited"];
    });
    const refused = await runGraftInProcess(["rollback", id, "--root", box.root, "--yes"]);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/not signed|--trust-records/);
    oneLine(refused);
    const trusted = await runGraftInProcess(["rollback", id, "--root", box.root, "--yes", "--trust-records"]);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(readFileSync(path.join(box.root, "src/old/a.ts"), "utf8")).toBe(sampleProject["src/old/a.ts"]);
  });

  it("a change outside the root in a record is refused even when the record is trusted; nothing outside changes", async () => {
    const box = makeSandbox();
    const { id, recordPath } = await applySample(box);
    rewrite(recordPath, escapeChange(box));
    const before = box.outside();
    for (const extra of [[], ["--force"], ["--trust-records"], ["--trust-records", "--force"]]) {
      const result = await runGraftInProcess(["rollback", id, "--root", box.root, "--yes", ...extra]);
      // A record naming a path outside the root cannot be used at all, signed or not (exit 1, like any corrupt record).
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/actions\[0\]\.changes\[\d+\]\.path: must stay inside root/);
      oneLine(result);
    }
    expect(box.changedOutside(before)).toEqual([]);
  });

  it("the record's root never overrides the folder rollback is run on", async () => {
    const box = makeSandbox();
    const { id, recordPath } = await applySample(box);
    rewrite(recordPath, (record) => {
      record.root = box.sibling;
    });
    const before = box.outside();
    const result = await runGraftInProcess(["rollback", id, "--root", box.root, "--yes", "--trust-records"]);
    expect(result.code, result.stderr).toBe(0);
    expect(box.changedOutside(before)).toEqual([]);
    expect(readFileSync(path.join(box.root, "src/old/a.ts"), "utf8")).toBe(sampleProject["src/old/a.ts"]);
  });

  it("a swapped before hash is caught: rollback refuses, backup verify reports it (exit 1)", async () => {
    const box = makeSandbox();
    const { id, recordPath, record } = await applySample(box);
    const useChange = record.actions.flatMap((a) => a.changes).find((c) => c.path === "src/use.ts")!;
    const readmeSha = sha256Hex(readFileSync(path.join(box.root, "README.md")));
    rewrite(recordPath, (r) => {
      for (const change of r.actions.flatMap((a) => a.changes))
        if (change.path === "src/use.ts" && change.before.kind === "file")
          change.before = { ...change.before, sha256: readmeSha };
    });
    expect(useChange.before.kind).toBe("file");
    const rollback = await runGraftInProcess(["rollback", id, "--root", box.root, "--yes"]);
    expect(rollback.code).toBe(3);
    const verify = await runGraftInProcess(["backup", "verify", "--root", box.root]);
    expect(verify.code).toBe(1);
    expect(verify.stdout + verify.stderr).toMatch(new RegExp(`${id}.*(not signed|untrusted)`));
  });

  it("a record written under another user's key needs --trust-records", async () => {
    const box = makeSandbox();
    const { id } = await applySample(box);
    const otherKey = mkdtempSync(path.join(os.tmpdir(), "graft-other-user-"));
    const env = { GRAFT_STATE_DIR: otherKey };
    const refused = await runGraftInProcess(["rollback", id, "--root", box.root, "--yes"], { env });
    expect(refused.code).toBe(3);
    const history = await runGraftInProcess(["history", "--root", box.root], { env });
    expect(history.stdout).toMatch(/untrusted/);
    const trusted = await runGraftInProcess(["rollback", id, "--root", box.root, "--yes", "--trust-records"], { env });
    expect(trusted.code, trusted.stderr).toBe(0);
  });

  it("a .graft that is a symlink is refused: lock, backups and records never land outside the root", async () => {
    const box = makeSandbox();
    const elsewhere = path.join(box.box, "elsewhere");
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, path.join(box.root, ".graft"));
    const file = path.join(box.root, "graft.yaml");
    writeFileSync(file, sampleManifest());
    const tree = snapshotTree(box.root);
    const result = await runGraftInProcess(["apply", file, "--yes", "--allow-dirty", "--no-verify"]);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/\.graft.*symlink/);
    oneLine(result);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(snapshotTree(box.root)).toEqual(tree);
    for (const args of [["rollback", "--yes"], ["history"], ["backup", "verify"], ["backup", "prune", "--keep", "0"]]) {
      const other = await runGraftInProcess([...args, "--root", box.root]);
      expect(other.code, args.join(" ")).toBe(3);
      expect(readdirSync(elsewhere)).toEqual([]);
    }
  });
});

describe("defect 14: corrupt records and objects are reported as problems (exit 1), never a crash", () => {
  it("a truncated record and an empty one: history lists the good runs and names the bad ones", async () => {
    const box = makeSandbox();
    const good = await applySample(box);
    await runGraftInProcess(["rollback", good.id, "--root", box.root, "--yes"]);
    const truncated = await applySample(box);
    writeFileSync(truncated.recordPath, readFileSync(truncated.recordPath, "utf8").slice(0, 100));
    const layout = getLayout(box.root);
    const emptyId = "20990101T000000000Z-abcdef";
    mkdirSync(path.dirname(getRecordPath(layout, emptyId)), { recursive: true });
    writeFileSync(getRecordPath(layout, emptyId), "{}");
    for (const args of [["history"], ["backup", "verify"], ["backup", "list"]]) {
      const result = await runGraftInProcess([...args, "--root", box.root]);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(1);
      oneLine(result);
      expect(result.stdout + result.stderr).toContain(truncated.id);
      expect(result.stdout + result.stderr).not.toMatch(/internal error/);
    }
    const history = await runGraftInProcess(["history", "--root", box.root]);
    expect(history.stdout).toContain(good.id);
    expect(history.stdout).toContain(emptyId);
    const show = await runGraftInProcess(["show", truncated.id, "--root", box.root]);
    expect(show.code).toBe(1);
    oneLine(show);
    // An apply refuses to go on over a record it cannot read (it may be a half-undone run).
    const file = path.join(box.root, "other.yaml");
    writeFileSync(file, "version: 1\nname: other\nmoves:\n  - { from: README.md, to: docs/README.md }\n");
    const apply = await runGraftInProcess(["apply", file, "--yes", "--allow-dirty", "--no-verify"]);
    expect(apply.code).toBe(3);
    expect(apply.stderr).toMatch(new RegExp(`the record of run (${truncated.id}|${emptyId}) cannot be used`));
  });

  it("an object replaced by a folder is a corrupt object, not a crash", async () => {
    const box = makeSandbox();
    const { id, record } = await applySample(box);
    const change = record.actions.flatMap((a) => a.changes).find((c) => c.path === "src/use.ts")!;
    if (change.before.kind !== "file") throw new Error("expected a file");
    const object = getObjectPath(getLayout(box.root), change.before.sha256);
    expect(existsSync(object)).toBe(true);
    renameSync(object, `${object}.moved`);
    mkdirSync(object);
    const verify = await runGraftInProcess(["backup", "verify", "--root", box.root]);
    expect(verify.code, verify.stderr).toBe(1);
    expect(verify.stdout).toMatch(/corrupt: src\/use\.ts/);
    oneLine(verify);
    const rollback = await runGraftInProcess(["rollback", id, "--root", box.root, "--yes"]);
    expect(rollback.code).toBe(3);
    oneLine(rollback);
    rmSync(object, { recursive: true });
  });

  it("garbage in a journal, a lock and a pack index is survived", async () => {
    const box = makeSandbox();
    const { id } = await applySample(box);
    const layout = getLayout(box.root);
    writeFileSync(path.join(layout.runs, id, "journal.jsonl"), 'null\n[1]\n{"action":"x"}\n"s"\n');
    writeFileSync(
      path.join(layout.objects, "pack-0000zzzzz-deadbeef.idx"),
      JSON.stringify({ format: "graft-pack-index", objects: [["a", -1, 1e15]] }),
    );
    writeFileSync(path.join(layout.objects, "pack-0000zzzzz-deadbeef.pack"), "");
    for (const args of [["history"], ["show", id], ["backup", "verify"], ["backup", "list"]]) {
      const result = await runGraftInProcess([...args, "--root", box.root]);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
    }
    writeFileSync(layout.lock, "null");
    const rollback = await runGraftInProcess(["rollback", id, "--root", box.root, "--yes"]);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});
