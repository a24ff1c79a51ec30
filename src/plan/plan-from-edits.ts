import path from "node:path";
import { type Edit, groupEditsByFile } from "../model/edit.js";
import type { Manifest } from "../model/manifest.js";
import { sha256Hex } from "../shared/hash.js";
import { compareStrings } from "../shared/paths.js";
import { graftVersion } from "../shared/version.js";
import { summarizePlan } from "./summarize-plan.js";
import type { MigrationPlan, PlanOperation } from "../model/plan.js";

/** Edits and new files a codemod step produced, with what the planner needs to pin them. */
export interface EditsPlanInput {
  manifest: Manifest;
  edits: readonly Edit[];
  creates: readonly { path: string; content: string }[];
  /** True when a root-relative path exists as a folder (for mkdir of new files' parents). */
  isFolder(rootRelative: string): boolean;
  /** True when a root-relative path exists at all. */
  exists(rootRelative: string): boolean;
  /** sha256 of every file the codemod read (at least every edited file). */
  reads: ReadonlyMap<string, string>;
  warnings?: readonly string[];
}

/** Turns a codemod's byte-range edits and created files into a MigrationPlan that apply can run (pure). */
export function planFromEdits(input: EditsPlanInput): MigrationPlan {
  const byFile = groupEditsByFile(input.edits, "codemod");
  const blockers: string[] = [];
  const mkdirs = new Set<string>();
  const writes: PlanOperation[] = [];
  for (const created of [...input.creates].sort((a, b) => compareStrings(a.path, b.path))) {
    if (input.exists(created.path))
      blockers.push(`${created.path} already exists; a created file may not overwrite it`);
    for (let dir = path.posix.dirname(created.path); dir !== "." && !input.isFolder(dir); dir = path.posix.dirname(dir))
      mkdirs.add(dir);
    const bytes = Buffer.from(created.content, "utf8");
    writes.push({
      op: "write",
      path: created.path,
      content: created.content,
      encoding: "utf8",
      mode: 0o644,
      before: null,
      sha256: sha256Hex(bytes),
      reason: "created by the step",
    });
  }
  const edits: PlanOperation[] = [...byFile]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([file, list]) => ({
      op: "edit",
      path: file,
      sha256: input.reads.get(file) ?? "",
      edits: list,
    }));
  for (const op of edits)
    if (op.op === "edit" && op.sha256 === "")
      blockers.push(`${op.path}: edited but never read; cannot pin its content`);
  const operations: PlanOperation[] = [
    ...[...mkdirs]
      .sort((a, b) => a.split("/").length - b.split("/").length || compareStrings(a, b))
      .map((p): PlanOperation => ({ op: "mkdir", path: p })),
    ...writes,
    ...edits,
  ];
  const reads: Record<string, string> = {};
  for (const [p, id] of [...input.reads].sort(([a], [b]) => compareStrings(a, b))) reads[p] = id;
  return {
    format: "graft-plan",
    version: 1,
    graftVersion,
    manifest: { path: input.manifest.path, sha256: input.manifest.sha256, name: input.manifest.data.name },
    root: input.manifest.root,
    moves: [],
    operations,
    reads,
    blockers,
    reported: [],
    warnings: [...(input.warnings ?? [])],
    summary: summarizePlan(operations, []),
  };
}
