import type { ExtractResult } from "../model/extract.js";
import type { Edit } from "../model/edit.js";
import type { StageSpec } from "../model/manifest-schema.js";
import type { Manifest } from "../model/manifest.js";
import { loadCompilerOptions } from "../lang/typescript/load-compiler-options.js";
import { createTreeView } from "../lang/typescript/tree-view.js";
import { planFromEdits } from "../plan/plan-from-edits.js";
import { planMigration } from "./plan-migration.js";
import type { EntryKind, MigrationPlan } from "../model/plan.js";
import type { PlannedStage } from "../model/stage.js";
import { planExtract, planPythonExtract } from "./plan-extract.js";
import { scanTree } from "../scan/scan-tree.js";
import { createTreeReader, type TreeReader } from "../scan/tree-reader.js";
import { InvalidInputError } from "../shared/errors.js";

/** The name a step goes by: its own, or one derived from what it does. */
export function stageName(step: StageSpec): string {
  if (step.name) return step.name;
  if ("move" in step) return `move ${step.move.from}`;
  if ("extract" in step) return `extract ${step.extract.symbols.join(", ")}`;
  return `codemod ${step.codemod.transform}`;
}

/** Plans one manifest step against the current tree (reads, never writes); step paths were normalized by loadManifest. */
export async function planStage(manifest: Manifest, step: StageSpec, index: number): Promise<PlannedStage> {
  const name = stageName(step);
  const gate = step.gate ?? [];
  const field = `steps[${index}]`;
  if ("move" in step) {
    const { from, to } = step.move;
    const plan = await planMigration({ ...manifest, data: { ...manifest.data, moves: [{ from, to }] } });
    return {
      index,
      name,
      kind: "move",
      gate,
      plan,
      detail: `${from} → ${to}: ${plan.summary.moved} files moved, ${plan.summary.edited} importers edited`,
    };
  }
  if ("extract" in step) {
    const { from, to } = step.extract;
    const tree = await readStepTree(manifest);
    const { files, reader } = tree;
    if (tree.kinds.get(from) !== "file")
      throw new InvalidInputError(`${manifest.path}: ${field}.extract.from: ${from} is not a file of the tree`);
    const request = { root: manifest.root, files, readFile: reader.readFile, from, symbols: step.extract.symbols, to };
    let result: ExtractResult;
    if (from.endsWith(".py")) {
      const python = { prune: step.extract.prune, roots: manifest.data.python?.roots };
      result = await planPythonExtract({ ...request, shim: step.extract.shim, ...python });
    } else {
      const view = createTreeView({ root: manifest.root, files, readFile: reader.readFile, exists: () => false });
      const { options } = loadCompilerOptions(view, manifest.data.typescript?.tsconfig);
      result = await planExtract({ ...request, shim: step.extract.shim, compilerOptions: options });
    }
    const plan = planStepEdits(manifest, tree, result.edits, result.creates, result.warnings);
    const carried = result.carriedHelpers.length ? `, carried ${result.carriedHelpers.join(", ")}` : "";
    const shared = result.sharedHelpers.length ? `, shared ${result.sharedHelpers.join(", ")}` : "";
    return {
      index,
      name,
      kind: "extract",
      gate,
      plan,
      detail: `${result.movedSymbols.join(", ")} → ${to}${carried}${shared}; ${result.importersUpdated.length} importer(s) updated`,
    };
  }
  const { runCustomCodemod } = await import("../codemod/custom-transform.js");
  const tree = await readStepTree(manifest);
  const result = await runCustomCodemod({
    root: manifest.root,
    files: tree.files,
    readFile: tree.reader.readFile,
    transform: step.codemod.transform,
    globs: step.codemod.files,
    ...(step.codemod.options ? { options: step.codemod.options } : {}),
  });
  const failed = result.statuses.filter((s) => s.status === "error");
  if (failed.length > 0)
    throw new InvalidInputError(
      `${manifest.path}: ${field}.codemod: ${result.name} failed on ${failed.length} file(s), first: ${failed[0]!.file}: ${failed[0]!.error ?? "error"}`,
    );
  const plan = planStepEdits(manifest, tree, result.edits, [], result.warnings);
  const changed = result.statuses.filter((s) => s.status === "ok").length;
  return {
    index,
    name,
    kind: "codemod",
    gate,
    plan,
    detail: `${result.name} over ${step.codemod.files.join(", ")}: ${changed} file(s) changed`,
  };
}

/** The tree a codemod step reads: its files, what each path is, and a reader that pins what was read. */
interface StepTree {
  files: string[];
  kinds: Map<string, EntryKind>;
  reader: TreeReader;
}

async function readStepTree(manifest: Manifest): Promise<StepTree> {
  const entries = await scanTree(manifest.root, {
    include: manifest.data.include,
    exclude: manifest.data.exclude,
    gitignore: manifest.data.gitignore,
  });
  return {
    files: entries.filter((e) => e.kind === "file").map((e) => e.path),
    kinds: new Map(entries.map((e) => [e.path, e.kind])),
    reader: createTreeReader(manifest.root),
  };
}

function planStepEdits(
  manifest: Manifest,
  tree: StepTree,
  edits: Edit[],
  creates: { path: string; content: string }[],
  warnings: string[],
): MigrationPlan {
  return planFromEdits({
    manifest,
    edits,
    creates,
    exists: (p) => tree.kinds.has(p),
    isFolder: (p) => tree.kinds.get(p) === "dir",
    reads: tree.reader.reads,
    warnings,
  });
}
