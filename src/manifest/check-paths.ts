import path from "node:path";
import { isDirectory, lstatKind, realPathOfNearest } from "../shared/fs-query.js";
import { isSameOrInside } from "../shared/paths.js";
import type { ManifestData } from "../model/manifest-schema.js";
import { manifestError, type ManifestSource } from "./source-map.js";

/** Normalizes a manifest path to root-relative POSIX, or returns why it is not allowed. */
export function normalizeManifestPath(raw: string): { path: string } | { error: string } {
  if (raw.includes("\0")) return { error: "must not contain NUL characters" };
  if (path.posix.isAbsolute(raw) || path.win32.isAbsolute(raw))
    return { error: "must stay inside root (absolute paths are not allowed)" };
  const normalized = path.posix.normalize(raw.replace(/\\/g, "/")).replace(/\/+$/, "");
  if (normalized === ".." || normalized.startsWith("../")) return { error: "must stay inside root" };
  if (normalized === "." || normalized === "") return { error: "must name a path below root, not root itself" };
  return { path: normalized };
}

/** Checks root and every move path (inside root, no overlap, sources exist, no symlink escapes); returns the real root, normalized moves and steps. */
export async function checkManifestPaths(
  source: ManifestSource,
  data: ManifestData,
  requireSources = true,
): Promise<{ root: string; moves: { from: string; to: string }[]; steps: ManifestData["steps"] }> {
  const rootAbs = path.resolve(path.dirname(source.file), data.root);
  if (!(await isDirectory(rootAbs))) throw manifestError(source, ["root"], `folder ${rootAbs} does not exist`);
  const root = await realPathOfNearest(rootAbs);
  const moves = data.moves.map((move, index) => {
    const from = normalizeOrThrow(source, ["moves", index, "from"], move.from);
    const to = normalizeOrThrow(source, ["moves", index, "to"], move.to);
    return { from, to, index };
  });
  for (const move of moves) {
    const at = (field: "from" | "to") => ["moves", move.index, field];
    if (move.from === move.to) throw manifestError(source, at("to"), "is the same path as from");
    if (isSameOrInside(move.to, move.from)) throw manifestError(source, at("to"), `lies inside from (${move.from})`);
    if (isSameOrInside(move.from, move.to)) throw manifestError(source, at("to"), `contains from (${move.from})`);
  }
  for (const a of moves) {
    for (const b of moves) {
      if (b.index <= a.index) continue;
      for (const [pa, fa] of [
        [a.from, "from"],
        [a.to, "to"],
      ] as const) {
        for (const [pb, fb] of [
          [b.from, "from"],
          [b.to, "to"],
        ] as const) {
          if (isSameOrInside(pa, pb) || isSameOrInside(pb, pa)) {
            throw manifestError(source, ["moves", b.index, fb], `overlaps moves[${a.index}].${fa} (${pa})`);
          }
        }
      }
    }
  }
  for (const move of moves) {
    for (const field of ["from", "to"] as const) {
      const absolute = path.join(root, move[field]);
      const real = await realPathOfNearest(absolute);
      if (!isSameOrInside(real, root))
        throw manifestError(
          source,
          ["moves", move.index, field],
          `must stay inside root (resolves through a symlink to ${real})`,
        );
    }
    if (!requireSources) continue;
    const kind = await lstatKind(path.join(root, move.from));
    if (kind === null)
      throw manifestError(source, ["moves", move.index, "from"], `does not exist (${move.from} under ${root})`);
    if (kind === "other") throw manifestError(source, ["moves", move.index, "from"], "is not a file or folder");
  }
  const steps = await checkStepPaths(source, data, root);
  return { root, moves: moves.map(({ from, to }) => ({ from, to })), steps };
}

function normalizeOrThrow(source: ManifestSource, field: (string | number)[], raw: string): string {
  const result = normalizeManifestPath(raw);
  if ("error" in result) throw manifestError(source, field, result.error);
  return result.path;
}

/** Step paths must stay inside root too; they need not exist yet (an earlier step may create them). */
async function checkStepPaths(
  source: ManifestSource,
  data: ManifestData,
  root: string,
): Promise<ManifestData["steps"]> {
  if (!data.steps) return undefined;
  const steps: NonNullable<ManifestData["steps"]> = [];
  const experiments = new Set((data.equivalence ?? []).map((e) => e.name));
  for (const [index, step] of data.steps.entries()) {
    for (const [g, name] of (step.gate ?? []).entries()) {
      if (!experiments.has(name))
        throw manifestError(source, ["steps", index, "gate", g], `no equivalence experiment named "${name}"`);
    }
    const inside = async (field: (string | number)[], raw: string) => {
      const normalized = normalizeOrThrow(source, field, raw);
      const real = await realPathOfNearest(path.join(root, normalized));
      if (!isSameOrInside(real, root))
        throw manifestError(source, field, `must stay inside root (resolves through a symlink to ${real})`);
      return normalized;
    };
    if ("move" in step) {
      const from = await inside(["steps", index, "move", "from"], step.move.from);
      const to = await inside(["steps", index, "move", "to"], step.move.to);
      if (isSameOrInside(to, from) || isSameOrInside(from, to))
        throw manifestError(source, ["steps", index, "move", "to"], `overlaps from (${from})`);
      steps.push({ ...step, move: { from, to } });
    } else if ("extract" in step) {
      const from = await inside(["steps", index, "extract", "from"], step.extract.from);
      const to = await inside(["steps", index, "extract", "to"], step.extract.to);
      if (from === to) throw manifestError(source, ["steps", index, "extract", "to"], "is the same module as from");
      steps.push({ ...step, extract: { ...step.extract, from, to } });
    } else steps.push(step);
  }
  return steps;
}
