import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ImportVerifier, UnresolvedImport, VerifyContext, VerifyScope } from "../model/import-verifier.js";
import { findNewUnresolved } from "./compare-unresolved.js";
import { createIgnoreTest } from "./ignored-paths.js";
import { getLayout } from "../backup/layout.js";
import { loadObjectIndex, readObject, type ObjectIndex } from "../backup/object-store.js";
import { nodeFsPort } from "../shared/fs-port.js";
import type { CheckContext, PostWriteCheck } from "../model/post-write-check.js";
import { getTouchedPaths } from "../apply/read-plan-states.js";
import { listFiles, listFilesAfter } from "./list-check-files.js";

/**
 * Verifies imports after the writes and fails when one is unresolved that was not unresolved before. The
 * tree before the run is verified only when the tree after it has unresolved imports at all (a clean result
 * needs no baseline); it is then read as it was: the file list taken before the writes, and the bytes of
 * every path the run touched from the run's backup.
 */
export function createImportResolutionCheck(verifiers: readonly ImportVerifier[]): PostWriteCheck {
  let filesBefore: string[] | undefined;
  return {
    name: "import resolution",
    async beforeWrite(context) {
      if (context.manifest && verifiers.length) filesBefore = await listFiles(context);
    },
    async afterWrite(context) {
      if (!context.manifest || verifiers.length === 0 || filesBefore === undefined)
        return { ok: true, details: "skipped (no manifest or no verifiers)" };
      // Touched files are read as they were and as they are first: a verifier can tell what their changes can affect.
      const originals = await readOriginals(context, filesBefore);
      const scope = getVerifyScope(context.plan, (p) => ({
        before: originals.get(p),
        after: readFileIfAny(context, p),
      }));
      const after = await collectUnresolved(verifiers, readCurrentTree(context, filesBefore), scope);
      if (after.length === 0) return { ok: true, details: "every import the run can affect resolves" };
      const before = await collectUnresolved(verifiers, readTreeBeforeRun(context, filesBefore, originals), scope);
      const renames = collectRenames(context);
      const added = findNewUnresolved(before, after, (p) => renames.get(p) ?? p);
      if (added.length === 0) return { ok: true, details: `${after.length} unresolved before and after` };
      const shown = added.slice(0, 5).map((u) => `${u.file}:${u.line}:${u.column} ${u.specifier}`);
      return {
        ok: false,
        message: `${added.length} import(s) no longer resolve: ${shown.join(", ")}${added.length > 5 ? ", …" : ""}`,
      };
    },
  };
}

async function collectUnresolved(
  verifiers: readonly ImportVerifier[],
  context: VerifyContext,
  scope: VerifyScope,
): Promise<UnresolvedImport[]> {
  const all: UnresolvedImport[] = [];
  for (const verifier of verifiers) all.push(...(await verifier.verify(context, scope)).unresolved);
  return all;
}

/**
 * What the run changed: its moves, every path it touched and those only edited in place. The check compares the
 * unresolved imports after the run with those before it (`findNewUnresolved`), and each verifier given this scope
 * skips whole files whose every import provably resolves the same before and after: files the run did not touch
 * (same path, same bytes) whose bytes name nothing the run made appear or disappear, by a pre-filter decided from
 * the scope, the path and the bytes alone (python-verify-scope.ts and typescript-verify-scope.ts argue it per
 * language). A skipped file is therefore skipped in both trees, and its unresolved imports, were it checked, would
 * be the same entries (same file, specifier and target) on both sides: `findNewUnresolved` would cancel them one
 * for one, and every key is per file, so no entry of a checked file is matched against one of a skipped file. The
 * new failures — the verdict and the list — are those of the whole-tree comparison. Only the "unresolved before
 * and after" count in the details is smaller. `graft verify` passes no scope and checks every file.
 */
export function getVerifyScope(
  plan: Pick<CheckContext["plan"], "moves" | "operations">,
  readTouched?: VerifyScope["readTouched"],
): VerifyScope {
  const moves = plan.moves.map((m) => ({ from: m.from, to: m.to }));
  return { moves, touched: getTouchedPaths(plan.operations), edited: getEditedPaths(plan), readTouched };
}

function getEditedPaths(plan: Pick<CheckContext["plan"], "operations">): Set<string> {
  const edited = new Set<string>();
  for (const op of plan.operations) if (op.op === "edit") edited.add(op.path);
  return edited;
}

function readFileIfAny(context: CheckContext, p: string): Buffer | undefined {
  try {
    return readFileSync(path.join(context.root, p));
  } catch {
    return undefined;
  }
}

function readCurrentTree(context: CheckContext, filesBefore: readonly string[]): VerifyContext {
  const files = listFilesAfter(context, filesBefore);
  const readFile = (p: string) => readFileSync(path.join(context.root, p));
  return {
    root: context.root,
    files,
    readFile,
    exists: (p) => existsSync(path.join(context.root, p)),
    manifest: context.manifest!,
    isIgnored: createIgnoreTest(files, readFile),
  };
}

/** The bytes, from the run's backup, of the touched paths that were files before the run. */
async function readOriginals(context: CheckContext, files: readonly string[]): Promise<Map<string, Buffer>> {
  const originals = new Map<string, Buffer>();
  const touched = [...getTouchedPaths(context.plan.operations)];
  if (touched.length === 0) return originals;
  const layout = getLayout(context.root);
  const index: ObjectIndex = await loadObjectIndex(nodeFsPort, layout);
  const listed = new Set(files);
  // Every file a plan touches was read by it (its sha256 pins the plan), and apply backed it up.
  for (const p of touched) {
    const sha256 = context.plan.reads[p];
    if (!listed.has(p) || sha256 === undefined || sha256.startsWith("link:")) continue;
    const found = await readObject(nodeFsPort, layout, index, sha256);
    if ("bytes" in found) originals.set(p, found.bytes);
  }
  return originals;
}

/** The tree as it was before the run: untouched paths from disk, touched ones from the backup the run made. */
function readTreeBeforeRun(
  context: CheckContext,
  files: string[],
  originals: ReadonlyMap<string, Buffer>,
): VerifyContext {
  const touched = getTouchedPaths(context.plan.operations);
  const listed = new Set(files);
  const readBefore = (p: string, hops = 0): Buffer => {
    const original = originals.get(p);
    if (original) return original;
    const identity = context.plan.reads[p];
    // A touched symlink is read through its original target, as it was before the run.
    if (touched.has(p) && identity?.startsWith("link:") && hops < 8)
      return readBefore(path.posix.join(path.posix.dirname(p), identity.slice(5)), hops + 1);
    if (touched.has(p))
      throw Object.assign(new Error(`ENOENT: ${p} was not a readable file before the run`), { code: "ENOENT" });
    return readFileSync(path.join(context.root, p));
  };
  return {
    root: context.root,
    files,
    readFile: (p) => readBefore(p),
    exists: (p) => listed.has(p) || (!touched.has(p) && existsSync(path.join(context.root, p))),
    manifest: context.manifest!,
    isIgnored: createIgnoreTest(files, readBefore),
  };
}

/** Where each moved file went, so an import unresolved before the move is not counted as new after it. */
function collectRenames(context: CheckContext): Map<string, string> {
  const renames = new Map<string, string>();
  for (const op of context.plan.operations) if (op.op === "move") renames.set(op.from, op.to);
  return renames;
}
