import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import type { ImportVerifier, UnresolvedImport, VerifyContext } from "../verify/types.js";
import { findNewUnresolved } from "../verify/compare-unresolved.js";
import type { CheckContext, PostWriteCheck } from "./post-write-checks.js";

/** Folders never handed to verifiers. */
const alwaysIgnored = [".git/**", "node_modules/**", ".graft/**", "**/node_modules/**"];

/** Runs every verifier before and after the writes; fails when the after-set has an unresolved import the before-set lacked. */
export function createImportResolutionCheck(verifiers: readonly ImportVerifier[]): PostWriteCheck {
  let baseline: UnresolvedImport[] | undefined;
  return {
    name: "import resolution",
    async beforeWrite(context) {
      baseline = await collectUnresolved(verifiers, context);
    },
    async afterWrite(context) {
      const after = await collectUnresolved(verifiers, context);
      if (baseline === undefined || after === undefined) return { ok: true, details: "skipped (no manifest or no verifiers)" };
      const renames = collectRenames(context);
      const added = findNewUnresolved(baseline, after, (p) => renames.get(p) ?? p);
      if (added.length === 0) return { ok: true, details: `${after.length} unresolved before and after` };
      const shown = added.slice(0, 5).map((u) => `${u.file}:${u.line}:${u.column} ${u.specifier}`);
      return { ok: false, message: `${added.length} import(s) no longer resolve: ${shown.join(", ")}${added.length > 5 ? ", …" : ""}` };
    },
  };
}

async function collectUnresolved(verifiers: readonly ImportVerifier[], context: CheckContext): Promise<UnresolvedImport[] | undefined> {
  if (!context.manifest || verifiers.length === 0) return undefined;
  const files = await fg("**/*", { cwd: context.root, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: [...alwaysIgnored, ...context.manifest.exclude] });
  files.sort();
  const verifyContext: VerifyContext = {
    root: context.root,
    files,
    readFile: (p) => readFileSync(path.join(context.root, p)),
    exists: (p) => existsSync(path.join(context.root, p)),
    manifest: context.manifest,
  };
  const all: UnresolvedImport[] = [];
  for (const verifier of verifiers) all.push(...(await verifier.verify(verifyContext)).unresolved);
  return all;
}

/** Where each moved file went, so an import unresolved before the move is not counted as new after it. */
function collectRenames(context: CheckContext): Map<string, string> {
  const renames = new Map<string, string>();
  for (const op of context.plan.operations) if (op.op === "move") renames.set(op.from, op.to);
  return renames;
}
