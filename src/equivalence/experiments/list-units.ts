import fg from "fast-glob";
import { InvalidInputError } from "../../shared/errors.js";
import type { Manifest } from "../../model/manifest.js";
import type { ExperimentSpec } from "../../model/manifest-schema.js";
import type { ExperimentUnit } from "./experiment-types.js";

/** A shard of a CI matrix: 1-based index of count. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses "i/n" (1 ≤ i ≤ n). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count)
    throw new InvalidInputError(`--shard ${text}: expected i/n with 1 <= i <= n`);
  return { index, count };
}

/** The experiments of a manifest, optionally only the named ones (unknown names are bad input). */
export function selectExperiments(manifest: Manifest, only: string[] = []): ExperimentSpec[] {
  const all = manifest.data.equivalence ?? [];
  if (all.length === 0) throw new InvalidInputError(`${manifest.path}: no equivalence experiments`);
  for (const name of only) {
    if (!all.some((e) => e.name === name))
      throw new InvalidInputError(`--only ${name}: no such experiment (have ${all.map((e) => e.name).join(", ")})`);
  }
  return only.length === 0 ? all : all.filter((e) => only.includes(e.name));
}

/** Expands experiments × inputs into units, sorted by id so every machine sees the same order. */
export async function listExperimentUnits(root: string, experiments: ExperimentSpec[]): Promise<ExperimentUnit[]> {
  const units: ExperimentUnit[] = [];
  for (const experiment of experiments) {
    if (experiment.module !== undefined || experiment.inputs === undefined) {
      units.push({ experiment: experiment.name, input: null, id: experiment.name });
      continue;
    }
    const options = { cwd: root, onlyFiles: true, dot: false, ignore: [".graft/**", ".git/**"] };
    const inputs = await fg(experiment.inputs, options);
    if (inputs.length === 0)
      throw new InvalidInputError(
        `experiment ${experiment.name}: inputs ${experiment.inputs.join(", ")} match no files`,
      );
    // A glob that matches nothing beside others that do is a typo or a missing file all the same.
    for (const glob of experiment.inputs.filter((pattern) => !pattern.startsWith("!"))) {
      if ((await fg(glob, options)).length === 0)
        throw new InvalidInputError(`experiment ${experiment.name}: inputs: ${glob} matches no files`);
    }
    for (const input of [...new Set(inputs)].sort())
      units.push({ experiment: experiment.name, input, id: `${experiment.name}[${input}]` });
  }
  return units.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The units of one shard: round-robin over the sorted list, so shards are balanced and disjoint. */
export function selectShard<T>(units: T[], shard: Shard | null): T[] {
  if (shard === null) return units;
  return units.filter((_unit, i) => i % shard.count === shard.index - 1);
}
