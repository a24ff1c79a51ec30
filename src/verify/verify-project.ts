import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Manifest } from "../model/manifest.js";
import { scanTree } from "../scan/scan-tree.js";
import { createIgnoreTest } from "./ignored-paths.js";
import { conflictMarkers, findConflictMarkers } from "../plan/merge-markers.js";
import { runVerifyCommands, type CommandOutcome } from "./run-verify-commands.js";
import type { ImportVerifier, UnresolvedImport, VerifyContext } from "../model/import-verifier.js";

/** What `graft verify` found on the current tree. */
export interface VerifyReport {
  root: string;
  languages: { language: string; checked: number; unresolved: number; reported: number }[];
  unresolved: UnresolvedImport[];
  reported: UnresolvedImport[];
  commands: CommandOutcome[];
  /** Conflict markers still in files (strategy `markers` leaves them for review). */
  markers: { file: string; line: number; marker: string }[];
  /** True when every import resolves, no conflict markers remain and every command exited 0. */
  ok: boolean;
}

/** Options of `verifyTree`. */
export interface VerifyTreeOptions {
  /** The import verifiers to run, one per language. */
  verifiers: readonly ImportVerifier[];
  /** Run `verify.commands` (default true). */
  runCommands?: boolean;
}

/** Reads the manifest's current tree, runs the import verifiers, looks for conflict markers, then runs `verify.commands`. */
export async function verifyTree(manifest: Manifest, options: VerifyTreeOptions): Promise<VerifyReport> {
  const context = await readVerifyContext(manifest);
  const report: VerifyReport = {
    root: manifest.root,
    languages: [],
    unresolved: [],
    reported: [],
    commands: [],
    markers: findRemainingMarkers(context),
    ok: true,
  };
  for (const verifier of options.verifiers) {
    const result = await verifier.verify(context);
    report.languages.push({
      language: verifier.language,
      checked: result.checked,
      unresolved: result.unresolved.length,
      reported: result.reported.length,
    });
    report.unresolved.push(...result.unresolved);
    report.reported.push(...result.reported);
  }
  if (options.runCommands !== false && manifest.data.verify?.commands.length) {
    report.commands = await runVerifyCommands(
      manifest.data.verify.commands,
      manifest.root,
      manifest.data.verify.timeoutSeconds,
    );
  }
  report.ok =
    report.unresolved.length === 0 &&
    report.markers.length === 0 &&
    report.commands.every((outcome) => outcome.exitCode === 0);
  return report;
}

/** Files that still hold a complete diff3-style conflict hunk; a cheap byte search skips the rest. */
function findRemainingMarkers(context: VerifyContext): VerifyReport["markers"] {
  const found: VerifyReport["markers"] = [];
  const needle = Buffer.from(conflictMarkers.target);
  for (const file of context.files) {
    const bytes = context.readFile(file);
    if (bytes.indexOf(needle) < 0) continue;
    for (const hit of findConflictMarkers(bytes.toString("utf8")))
      found.push({ file, line: hit.line, marker: hit.marker });
  }
  return found;
}

/** A VerifyContext over the tree on disk now (include minus exclude; node_modules is read on demand, never listed). */
export async function readVerifyContext(manifest: Manifest): Promise<VerifyContext> {
  const entries = await scanTree(manifest.root, {
    include: manifest.data.include,
    exclude: manifest.data.exclude,
    gitignore: manifest.data.gitignore,
  });
  const files = entries.filter((entry) => entry.kind === "file").map((entry) => entry.path);
  const readFile = (file: string) => readFileSync(path.join(manifest.root, file));
  return {
    root: manifest.root,
    files,
    readFile,
    exists: (file) => existsSync(path.join(manifest.root, file)),
    manifest: manifest.data,
    isIgnored: createIgnoreTest(files, readFile),
  };
}
