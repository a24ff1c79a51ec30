import { createHash } from "node:crypto";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MigrationPlan, PlanOperation } from "../../../src/model/plan.js";

/** A plan operation with the hashes, kinds and modes left out (filled from the tree). */
export type OpSpec =
  | { op: "mkdir"; path: string }
  | { op: "move"; from: string; to: string; edits?: { start: number; end: number; text: string }[] }
  | { op: "edit"; path: string; edits: { start: number; end: number; text: string }[] }
  | { op: "write"; path: string; content: string; mode?: number }
  | { op: "delete"; path: string }
  | { op: "rmdir"; path: string };

const sha = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** Identity of a path as a plan's `reads` records it: sha256, or "link:" + target. */
function identityOf(root: string, rel: string): string | undefined {
  const abs = path.join(root, rel);
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(abs);
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink()) return `link:${readlinkSync(abs)}`;
  if (st.isFile()) return sha(readFileSync(abs));
  return undefined;
}

/** Builds a MigrationPlan for `root` from operation specs, filling sha256s, kinds, modes and `reads` from the tree. */
export function makePlan(root: string, specs: OpSpec[]): MigrationPlan {
  const reads: Record<string, string> = {};
  const read = (rel: string) => {
    const id = identityOf(root, rel);
    if (id !== undefined) reads[rel] = id;
    return id;
  };
  const operations: PlanOperation[] = specs.map((spec): PlanOperation => {
    switch (spec.op) {
      case "mkdir":
      case "rmdir":
        return spec;
      case "move": {
        const abs = path.join(root, spec.from);
        const st = lstatSync(abs);
        const id = read(spec.from) ?? "";
        const replaces = read(spec.to);
        const edits = spec.edits?.map((e) => ({ ...e, kind: "test" }));
        if (st.isSymbolicLink())
          return {
            op: "move",
            from: spec.from,
            to: spec.to,
            kind: "symlink",
            mode: st.mode & 0o7777,
            sha256: id,
            linkTarget: readlinkSync(abs),
            ...(replaces ? { replaces } : {}),
          };
        return {
          op: "move",
          from: spec.from,
          to: spec.to,
          kind: "file",
          mode: st.mode & 0o7777,
          sha256: id,
          ...(replaces ? { replaces } : {}),
          ...(edits ? { edits } : {}),
        };
      }
      case "edit":
        return {
          op: "edit",
          path: spec.path,
          sha256: read(spec.path) ?? "",
          edits: spec.edits.map((e) => ({ ...e, kind: "test" })),
        };
      case "write":
        return {
          op: "write",
          path: spec.path,
          content: spec.content,
          encoding: "utf8",
          mode: spec.mode ?? 0o644,
          before: read(spec.path) ?? null,
          sha256: sha(spec.content),
          reason: "test",
        };
      case "delete": {
        const st = lstatSync(path.join(root, spec.path));
        return {
          op: "delete",
          path: spec.path,
          kind: st.isSymbolicLink() ? "symlink" : "file",
          sha256: read(spec.path) ?? "",
          reason: "test",
        };
      }
      default:
        throw new Error(`unknown op ${(spec as { op: string }).op}`);
    }
  });
  return {
    format: "graft-plan",
    version: 1,
    graftVersion: "test",
    manifest: { path: path.join(root, "graft.yaml"), sha256: "0".repeat(64), name: "test" },
    root,
    moves: [],
    operations,
    reads,
    blockers: [],
    reported: [],
    warnings: [],
    summary: { moved: 0, deleted: 0, written: 0, edited: 0, editsByKind: {}, conflicts: 0, unresolvedConflicts: 0 },
  };
}

/**
 * A small tree exercising every case apply must preserve: nested files, an executable, a symlink, an empty
 * folder, a file a move overwrites, non-ASCII names and CRLF bytes. Returns the root.
 */
export function makeSampleTree(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "graft-apply-"));
  const file = (rel: string, content: string | Buffer, mode = 0o644) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
    chmodSync(path.join(root, rel), mode);
  };
  file("src/old/a.ts", 'import { b } from "./b";\r\nexport const a = b + 1;\r\n');
  file("src/old/b.ts", "export const b = 1;\n");
  file("src/old/run.sh", "#!/bin/sh\necho hi\n", 0o755);
  file("src/old/données.txt", "é\n");
  file("src/new/b.ts", "export const b = 0; // older copy\n");
  file("src/use.ts", 'import { a } from "./old/a";\n');
  file("bin/data.bin", Buffer.from([0, 1, 2, 255, 254]));
  file("README.md", "# sample\n");
  symlinkSync("a.ts", path.join(root, "src/old/latest.ts"));
  mkdirSync(path.join(root, "src/old/empty"));
  mkdirSync(path.join(root, "keep-empty"));
  return root;
}

/** The plan moving src/old → src/new in the sample tree, with edits, an overwrite, a write and a delete. */
export function makeSamplePlan(root: string): MigrationPlan {
  return makePlan(root, [
    { op: "mkdir", path: "src/new/empty" },
    { op: "move", from: "src/old/a.ts", to: "src/new/a.ts" },
    { op: "move", from: "src/old/b.ts", to: "src/new/b.ts" },
    { op: "move", from: "src/old/run.sh", to: "src/new/run.sh" },
    { op: "move", from: "src/old/données.txt", to: "src/new/données.txt", edits: [{ start: 0, end: 2, text: "e" }] },
    { op: "move", from: "src/old/latest.ts", to: "src/new/latest.ts" },
    { op: "edit", path: "src/use.ts", edits: [{ start: 19, end: 26, text: "./new/a" }] },
    { op: "write", path: "src/new/index.ts", content: 'export * from "./a";\n', mode: 0o600 },
    { op: "delete", path: "bin/data.bin" },
    { op: "rmdir", path: "src/old/empty" },
    { op: "rmdir", path: "src/old" },
  ]);
}
