import type { Manifest } from "../../model/manifest.js";
import type { ExperimentSpec } from "../../model/manifest-schema.js";
import { InvalidInputError } from "../../shared/errors.js";
import { recordCommandBaseline, runCommandUnit } from "./command-experiment.js";
import type { EquivReport, ExperimentUnit, UnitResult } from "./experiment-types.js";
import { materializeLegacyTree, parseLegacySource, type LegacySource } from "./legacy-tree.js";
import { listExperimentUnits, selectExperiments, selectShard, type Shard } from "./list-units.js";
import { runModuleUnit } from "./module-experiment.js";
import { removeWorkingFolder } from "./working-folder.js";

/** Options of a `graft equiv` run. */
export interface EquivOptions {
  only?: string[];
  shard?: Shard | null;
  /** Store the legacy outputs under .graft/baselines instead of comparing. */
  record?: boolean;
  /** Also run the legacy side twice and report its jitter. */
  calibrate?: boolean;
  /** Called before each unit runs (progress for a TTY). */
  onUnitStart?: (unit: ExperimentUnit, position: number, total: number) => void;
}

/** Runs the manifest's equivalence experiments (this shard's experiment × input units) and returns what they found. */
export async function runEquivalence(manifest: Manifest, options: EquivOptions = {}): Promise<EquivReport> {
  const experiments = selectExperiments(manifest, options.only);
  const byName = new Map(experiments.map((e) => [e.name, e]));
  const units = selectShard(await listExperimentUnits(manifest.root, experiments), options.shard ?? null);
  const trees = new Map<string, Promise<string>>();
  const legacyTreeOf = (source: LegacySource): Promise<string> | null => {
    if (source.kind === "current") return Promise.resolve(manifest.root);
    if (source.kind === "baseline") return null;
    const key = source.kind === "git" ? `git:${source.rev}` : source.kind;
    if (!trees.has(key)) trees.set(key, materializeLegacyTree(manifest.root, source));
    return trees.get(key)!;
  };
  const report: EquivReport = {
    manifest: manifest.path,
    root: manifest.root,
    shard: options.shard ?? null,
    mode: options.record ? "record" : options.calibrate ? "calibrate" : "compare",
    units: [],
    recorded: [],
    equal: true,
  };
  try {
    for (const [position, unit] of units.entries()) {
      options.onUnitStart?.(unit, position, units.length);
      const spec = byName.get(unit.experiment)!;
      const result = await runUnit(spec, unit, manifest.root, options, legacyTreeOf, report);
      if (result !== null) report.units.push(result);
    }
  } finally {
    for (const tree of trees.values()) await tree.then(removeWorkingFolder, () => undefined);
  }
  report.equal = report.units.every((u) => u.status === "equal");
  return report;
}

async function runUnit(
  spec: ExperimentSpec,
  unit: ExperimentUnit,
  root: string,
  options: EquivOptions,
  legacyTreeOf: (source: LegacySource) => Promise<string> | null,
  report: EquivReport,
): Promise<UnitResult | null> {
  if (spec.module !== undefined) {
    if (options.record) return null;
    return runModuleUnit(spec, unit, root, options.calibrate ?? false);
  }
  const source = parseLegacySource(spec.legacy?.from);
  if (options.record) {
    // A baseline records the legacy command in the tree it names; `from: baseline` means the current tree.
    const tree = source.kind === "baseline" ? root : await legacyTreeOf(source)!;
    const { result, files } = await recordCommandBaseline(spec, unit, { root, legacyTree: tree, calibrate: false });
    report.recorded.push(...files);
    return result;
  }
  let legacyTree: string | null;
  try {
    legacyTree = source.kind === "baseline" ? null : await legacyTreeOf(source)!;
  } catch (error) {
    if (error instanceof InvalidInputError && source.kind === "backup") {
      throw new InvalidInputError(
        `experiment ${spec.name}: legacy from: backup needs an applied graft run (${error.message})`,
      );
    }
    throw error;
  }
  return runCommandUnit(spec, unit, { root, legacyTree, calibrate: options.calibrate ?? false });
}
