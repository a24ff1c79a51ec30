import path from "node:path";
import { classifyMove, pairedPaths } from "../classify/classify-move.js";
import { createStrategyResolver } from "../classify/conflict-policy.js";
import type { Edit } from "../model/edit.js";
import type { MoveRewriteContext } from "../model/move-rewriter.js";
import { moveRewriters } from "./move-rewriters.js";
import { findShadowedDestinations } from "../lang/python/find-shadowed-destinations.js";
import { normalizeRoots } from "../lang/python/module-index.js";
import type { Manifest } from "../model/manifest.js";
import {
  findFoldersWithExcludedEntries,
  hashPaths,
  scanManifestTree,
  type ScannedTree,
} from "../scan/scan-manifest.js";
import type { FileIdentity } from "../scan/file-identity.js";
import { rememberReadIdentities } from "../scan/read-identities.js";
import { identityOfEntry } from "../scan/scan-tree.js";
import { createTreeReader } from "../scan/tree-reader.js";
import type { TreeOverlay } from "../scan/tree-overlay.js";
import { InvalidInputError } from "../shared/errors.js";
import { compareStrings, isSameOrInside, rebasePath } from "../shared/paths.js";
import { graftVersion } from "../shared/version.js";
import { buildOperations, type GeneratedArtefact } from "../plan/build-operations.js";
import { sha256Hex } from "../shared/hash.js";
import type { ConflictMergers } from "../model/conflict-merger.js";
import { defaultConflictMergers } from "../plan/default-mergers.js";
import { summarizePlan } from "../plan/summarize-plan.js";
import type { MigrationPlan, MoveClassification } from "../model/plan.js";

/** Options of planning. */
export interface PlanOptions {
  mergers?: ConflictMergers;
  /** Progress events for long scans (the CLI shows them on a TTY's stderr). */
  onProgress?: (message: string) => void;
  /** Plan on this overlay of the tree (the tree earlier steps of a dry run would leave) instead of the disk. */
  overlay?: TreeOverlay;
}

/** Classifies every move of a manifest (hashing only paths present on both sides). */
export async function classifyTrees(
  manifest: Manifest,
  options: Pick<PlanOptions, "onProgress"> = {},
): Promise<MoveClassification[]> {
  options.onProgress?.("scanning");
  const tree = await scanManifestTree(manifest);
  options.onProgress?.(`hashing paths present in both trees (${tree.entries.size} scanned)`);
  return classifyScanned(manifest, tree, await hashPaired(manifest, tree));
}

/** Computes the full migration plan of a manifest; reads the tree, writes nothing. */
export async function planMigration(manifest: Manifest, options: PlanOptions = {}): Promise<MigrationPlan> {
  const progress = options.onProgress ?? (() => {});
  progress("scanning");
  const { overlay } = options;
  const tree = await scanManifestTree(manifest, overlay);
  checkTargetParents(manifest, tree);
  checkPythonShadowing(manifest, tree);
  const touched = tree.moves.flatMap((m) => [...m.sourceEntries, ...m.targetEntries].map((e) => e.path));
  progress(`hashing ${touched.length} paths of ${tree.entries.size} scanned`);
  const identities = await hashPaths(manifest.root, tree.entries, touched, overlay);
  const classifications = classifyScanned(manifest, tree, identities);
  const reader = createTreeReader(manifest.root, overlay);
  progress("rewriting references");
  const edits = await runRewriters(manifest, tree, reader.readFile);
  const keptFolders = new Set<string>();
  const generatedArtefacts: GeneratedArtefact[] = [];
  for (const move of tree.moves) {
    if (tree.entries.get(move.from)?.kind === "dir") {
      const excluded = await findFoldersWithExcludedEntries(manifest.root, move.from, tree.entries, overlay);
      for (const dir of excluded.kept) keptFolders.add(dir);
      // Hashed through the reader, so the plan pins them like every file it reads.
      for (const { path: p, kind } of excluded.generated)
        generatedArtefacts.push(
          kind === "dir" ? { path: p, kind } : { path: p, kind, sha256: sha256Hex(reader.readFile(p)) },
        );
    }
  }
  // Rewriters read importers outside the moves; their hashes pin the edit operations too.
  for (const [p, sha] of reader.reads) if (!identities.has(p)) identities.set(p, sha);
  const built = buildOperations({
    classifications,
    entries: tree.entries,
    identities,
    edits: edits.edits,
    keptFolders,
    generatedArtefacts,
    readFile: reader.readFile,
    mergers: options.mergers ?? defaultConflictMergers,
  });
  const reads: Record<string, string> = {};
  for (const [p, id] of [...identities, ...reader.reads].sort(([a], [b]) => compareStrings(a, b))) reads[p] = id;
  const plan: MigrationPlan = {
    format: "graft-plan",
    version: 1,
    graftVersion,
    manifest: {
      path: manifest.path,
      sha256: manifest.sha256,
      name: manifest.data.name,
      ...(manifest.text !== undefined ? { text: manifest.text } : {}),
    },
    root: manifest.root,
    moves: built.classifications,
    operations: built.operations,
    reads,
    blockers: [...built.blockers, ...edits.blockers],
    reported: edits.reported,
    warnings: [...edits.warnings, ...built.warnings],
    markers: built.classifications.flatMap((c) =>
      c.conflicts
        .filter((x) => x.strategy === "markers" && !x.unresolved)
        .map((x) => (tree.entries.get(c.from)?.kind === "dir" ? `${c.to}/${x.path}` : c.to)),
    ),
    summary: summarizePlan(built.operations, built.classifications),
  };
  // The scan stat'ed each file before the reader read it: a write after that stat changes its identity.
  const seen = new Map<string, FileIdentity>();
  for (const p of reader.reads.keys()) {
    const entry = tree.entries.get(p);
    const identity = entry && identityOfEntry(entry);
    if (identity) seen.set(p, identity);
  }
  rememberReadIdentities(plan, seen);
  return plan;
}

function classifyScanned(
  manifest: Manifest,
  tree: ScannedTree,
  identities: ReadonlyMap<string, string>,
): MoveClassification[] {
  const strategyFor = createStrategyResolver(manifest.data.conflicts);
  return tree.moves.map((m) => classifyMove({ ...m, identities, strategyFor }));
}

async function hashPaired(manifest: Manifest, tree: ScannedTree): Promise<Map<string, string>> {
  const paths: string[] = [];
  for (const m of tree.moves) {
    const isFileMove = tree.entries.get(m.from)?.kind !== "dir";
    for (const rel of pairedPaths(m.from, m.to, m.sourceEntries, m.targetEntries)) {
      paths.push(isFileMove ? m.from : `${m.from}/${rel}`, isFileMove ? m.to : rel === "" ? m.to : `${m.to}/${rel}`);
    }
  }
  return hashPaths(manifest.root, tree.entries, paths);
}

/** A move's destination needs folders; a file standing where a parent folder must go is bad input. */
function checkTargetParents(manifest: Manifest, tree: ScannedTree): void {
  manifest.data.moves.forEach((move, index) => {
    for (let dir = path.posix.dirname(move.to); dir !== "." && dir !== ""; dir = path.posix.dirname(dir)) {
      const e = tree.entries.get(dir);
      if (e && e.kind !== "dir")
        throw new InvalidInputError(`${manifest.path}: moves[${index}].to: parent ${dir} is a ${e.kind}, not a folder`);
    }
  });
}

/** A move that would put a package folder and a module of the same name side by side cannot import: bad input. */
function checkPythonShadowing(manifest: Manifest, tree: ScannedTree): void {
  const files = [...tree.entries.values()].filter((e) => e.kind === "file").map((e) => e.path);
  const moves = manifest.data.moves;
  const newPathOf = (p: string) => {
    const move = moves.find((m) => isSameOrInside(p, m.from));
    return move ? rebasePath(p, move.from, move.to) : p;
  };
  const roots = normalizeRoots(manifest.data.python?.roots);
  const [first] = findShadowedDestinations(files, moves, newPathOf, roots);
  if (first) throw new InvalidInputError(`${manifest.path}: moves[${first.move}].to: ${first.reason}`);
}

async function runRewriters(
  manifest: Manifest,
  tree: ScannedTree,
  readFile: (p: string) => Buffer,
): Promise<{ edits: Edit[]; reported: MigrationPlan["reported"]; warnings: string[]; blockers: string[] }> {
  const moves = manifest.data.moves;
  // The manifest names the moved paths on purpose; rewriting or listing it as a reference would be wrong.
  const manifestPath = path.relative(manifest.root, manifest.path).split(path.sep).join("/");
  const files = [...tree.entries.values()]
    .filter((e) => e.kind === "file" && e.path !== manifestPath)
    .map((e) => e.path);
  const context: MoveRewriteContext = {
    root: manifest.root,
    moves,
    files,
    newPathOf: (p) => {
      const move = moves.find((m) => isSameOrInside(p, m.from));
      return move ? rebasePath(p, move.from, move.to) : p;
    },
    readFile,
    exists: (p) => p === "" || tree.entries.has(p),
    manifest: manifest.data,
  };
  const edits: Edit[] = [];
  const reported: MigrationPlan["reported"] = [];
  const warnings: string[] = [];
  const blockers: string[] = [];
  for (const rewriter of moveRewriters) {
    const result = await rewriter.planEdits(context);
    edits.push(...result.edits);
    reported.push(...result.reported);
    warnings.push(...result.warnings.map((w) => `${rewriter.name}: ${w}`));
    blockers.push(...(result.blockers ?? []).map((b) => `${rewriter.name}: ${b}`));
  }
  const kept = rejectOverlaps(edits);
  return { edits: kept, reported: withoutRewrittenLines(reported, kept, readFile), warnings, blockers };
}

/** A listed mention on a line another rewriter edits (a `paths` entry, a package.json field) is already handled. */
function withoutRewrittenLines(
  reported: MigrationPlan["reported"],
  edits: readonly Edit[],
  readFile: (p: string) => Buffer,
): MigrationPlan["reported"] {
  const editedLines = new Map<string, Set<number>>();
  for (const edit of edits) {
    if (edit.kind === "text-reference" || !reported.some((r) => r.path === edit.file)) continue;
    const bytes = readFile(edit.file);
    let line = 1;
    for (let at = bytes.indexOf(10); at >= 0 && at < edit.start; at = bytes.indexOf(10, at + 1)) line++;
    let lines = editedLines.get(edit.file);
    if (!lines) editedLines.set(edit.file, (lines = new Set()));
    lines.add(line);
  }
  return reported.filter((r) => !editedLines.get(r.path)?.has(r.line));
}

/**
 * Two rewriters editing the same bytes would corrupt a file: refuse loudly instead. A text reference that overlaps
 * a language rewriter's edit (a package.json entry, a `paths` entry) gives way: the language rewriter knows the field.
 */
function rejectOverlaps(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => compareStrings(a.file, b.file) || a.start - b.start || a.end - b.end);
  const kept: Edit[] = [];
  for (const edit of sorted) {
    const overlapping = kept.filter((k) => k.file === edit.file && edit.start < k.end && k.start < edit.end);
    if (overlapping.length === 0) {
      kept.push(edit);
      continue;
    }
    if (edit.kind === "text-reference") continue;
    if (overlapping.every((k) => k.kind === "text-reference")) {
      for (const k of overlapping) kept.splice(kept.indexOf(k), 1);
      kept.push(edit);
      continue;
    }
    const a = overlapping[0]!;
    throw new InvalidInputError(
      `${a.file}: edits overlap at bytes ${edit.start}-${a.end} (${a.kind ?? "edit"} and ${edit.kind ?? "edit"})`,
    );
  }
  return kept;
}
