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
import type { TreeOverlay } from "../scan/tree-overlay.js";
import { InvalidInputError } from "../shared/errors.js";

/** The name a step goes by: its own, or one derived from what it does. */
export function stageName(step: StageSpec): string {
  if (step.name) return step.name;
  if ("move" in step) return `move ${step.move.from}`;
  if ("extract" in step) return `extract ${step.extract.symbols.join(", ")}`;
  return `codemod ${step.codemod.transform}`;
}

/** Options of `planStage`. */
export interface PlanStageOptions {
  /** Plan on this overlay (the tree the earlier steps of a dry run would leave) instead of the disk. */
  overlay?: TreeOverlay;
}

/** Plans one manifest step against the current tree (reads, never writes); step paths were normalized by loadManifest. */
export async function planStage(
  manifest: Manifest,
  step: StageSpec,
  index: number,
  options: PlanStageOptions = {},
): Promise<PlannedStage> {
  const { overlay } = options;
  const name = stageName(step);
  const gate = step.gate ?? [];
  const field = `steps[${index}]`;
  if ("move" in step) {
    const { from, to } = step.move;
    const plan = await planMigration(
      { ...manifest, data: { ...manifest.data, moves: [{ from, to }] } },
      overlay ? { overlay } : {},
    );
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
    const tree = await readStepTree(manifest, overlay);
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
  const { describeParser } = await import("../codemod/choose-parser.js");
  const tree = await readStepTree(manifest, overlay);
  const spec = step.codemod;
  const result = await runCustomCodemod({
    root: manifest.root,
    files: tree.files,
    readFile: tree.reader.readFile,
    transform: spec.transform,
    globs: spec.files,
    ...(spec.options ? { options: spec.options } : {}),
    ...(spec.parser ? { parser: spec.parser } : {}),
  });
  const count = (status: string) => result.statuses.filter((s) => s.status === status).length;
  const errors = result.statuses.flatMap((s) =>
    s.status === "error" ? [{ file: s.file, error: s.error ?? "error" }] : [],
  );
  const plan = planStepEdits(manifest, tree, result.edits, [], result.warnings);
  const codemod = {
    transform: result.name,
    parser: describeParser(result.parser),
    counts: { ok: count("ok"), unchanged: count("unchanged"), skipped: count("skipped"), error: errors.length },
    errors,
    reports: result.reports,
    stats: result.stats,
  };
  const failure =
    errors.length > 0 && spec.failOnError
      ? `${field}.codemod: ${result.name} failed on ${errors.length} file(s): ${errors.map((e) => `${e.file}: ${e.error}`).join("; ")}`
      : undefined;
  return {
    index,
    name,
    kind: "codemod",
    gate,
    plan,
    detail: `${result.name} over ${spec.files.join(", ")}: ${codemod.counts.ok} file(s) changed`,
    codemod,
    ...(failure ? { failure } : {}),
  };
}

/** The tree a codemod step reads: its files, what each path is, and a reader that pins what was read. */
interface StepTree {
  files: string[];
  kinds: Map<string, EntryKind>;
  reader: TreeReader;
}

async function readStepTree(manifest: Manifest, overlay: TreeOverlay | undefined): Promise<StepTree> {
  const options = {
    include: manifest.data.include,
    exclude: manifest.data.exclude,
    gitignore: manifest.data.gitignore,
  };
  const entries = await (overlay ? overlay.scan(options) : scanTree(manifest.root, options));
  return {
    files: entries.filter((e) => e.kind === "file").map((e) => e.path),
    kinds: new Map(entries.map((e) => [e.path, e.kind])),
    reader: createTreeReader(manifest.root, overlay),
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
