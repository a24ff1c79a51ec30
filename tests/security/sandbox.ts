import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { diffSnapshots, snapshotTree, type TreeSnapshot } from "../helpers/tree-snapshot.js";

/** A project root with a sibling folder beside it, so a test can prove nothing outside the root changed. */
export interface Sandbox {
  /** The root's parent: holds `root/` and `sibling/`. */
  box: string;
  root: string;
  sibling: string;
  /** Snapshot of everything under `box` except the root: the sibling folder and the root's parent. */
  outside(): TreeSnapshot;
  /** Lines describing what changed outside the root since `before` (empty when nothing did). */
  changedOutside(before: TreeSnapshot): string[];
}

/** Writes `files` (root-relative path → content) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
}

/** The standard small project: a folder to move, one importer, a README. */
export const sampleProject: Record<string, string> = {
  "src/old/a.ts": "export const a = 1;\n",
  "src/old/b.ts": 'import { a } from "./a";\nexport const b = a + 1;\n',
  "src/use.ts": 'import { a } from "./old/a";\nexport const use = a;\n',
  "README.md": "# sample\n",
};

/** A manifest moving src/old to src/new, with `extra` YAML lines appended. */
export function sampleManifest(extra = ""): string {
  return `version: 1\nname: sample\nmoves:\n  - { from: src/old, to: src/new }\n${extra}`;
}

/** A fresh sandbox: `root` holds `files`, `sibling` holds a file and a folder that must never change. */
export function makeSandbox(files: Record<string, string | Buffer> = sampleProject): Sandbox {
  const box = mkdtempSync(path.join(os.tmpdir(), "graft-sec-"));
  const root = path.join(box, "root");
  const sibling = path.join(box, "sibling");
  mkdirSync(root);
  writeFiles(root, files);
  writeFiles(sibling, { "secret.txt": "do not touch\n", "src/old/a.ts": "export const outside = 1;\n" });
  chmodSync(path.join(sibling, "secret.txt"), 0o600);
  writeFileSync(path.join(box, "beside-root.txt"), "also outside\n");
  const outside = () => snapshotTree(box, ["root"]);
  return { box, root, sibling, outside, changedOutside: (before) => diffSnapshots(before, outside()) };
}
