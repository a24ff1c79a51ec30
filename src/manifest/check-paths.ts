import path from "node:path";
import { isDirectory, lstatKind, realPathOfNearest } from "../shared/fs-query.js";
import { isSameOrInside } from "../shared/paths.js";
import { normalizeRelativePath } from "../shared/safe-path.js";
import type { ManifestData } from "../model/manifest-schema.js";
import { manifestError, type ManifestSource } from "./source-map.js";

/**
 * Normalizes a manifest path to root-relative POSIX, or returns why it is not allowed: outside root, absolute,
 * root itself, a control character, longer than the file system allows, or in .git, .graft or node_modules.
 */
export function normalizeManifestPath(raw: string): { path: string } | { error: string } {
  return normalizeRelativePath(raw, { refuseControl: true });
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
  const overlap = findFirstOverlap(moves);
  if (overlap) throw manifestError(source, ["moves", overlap.b.index, overlap.b.field], overlap.reason);
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
    await checkDestinationParents(source, root, ["moves", move.index, "to"], move.to);
  }
  await checkTsconfig(source, data, root);
  const steps = await checkStepPaths(source, data, root);
  return { root, moves: moves.map(({ from, to }) => ({ from, to })), steps };
}

function normalizeOrThrow(source: ManifestSource, field: (string | number)[], raw: string): string {
  const result = normalizeManifestPath(raw);
  if ("error" in result) throw manifestError(source, field, result.error);
  return result.path;
}

type MoveEnd = { path: string; index: number; field: "from" | "to" };

/**
 * The overlap apply would trip on first, reported as the pairwise check always did: the smallest pair of moves
 * (a before b) where one path of b lies at or inside one of a. Linear in the number of paths (times their depth):
 * each path looks up itself and its ancestors among the others, instead of comparing every pair.
 */
function findFirstOverlap(
  moves: readonly { from: string; to: string; index: number }[],
): { b: MoveEnd; reason: string } | undefined {
  const ends: MoveEnd[] = moves.flatMap((m) => [
    { path: m.from, index: m.index, field: "from" as const },
    { path: m.to, index: m.index, field: "to" as const },
  ]);
  const byPath = new Map<string, MoveEnd[]>();
  for (const end of ends) {
    const list = byPath.get(end.path);
    if (list) list.push(end);
    else byPath.set(end.path, [end]);
  }
  // Ends below each path: an ancestor's entry learns of every descendant end. Only prefixes as long as some
  // move's path are looked up, so a deep path costs little unless others are as deep.
  const below = new Map<string, MoveEnd[]>();
  const lengths = new Set([...byPath.keys()].map((p) => p.length));
  for (const end of ends) {
    for (let slash = end.path.indexOf("/"); slash >= 0; slash = end.path.indexOf("/", slash + 1)) {
      if (!lengths.has(slash)) continue;
      const ancestor = end.path.slice(0, slash);
      if (!byPath.has(ancestor)) continue;
      const list = below.get(ancestor);
      if (list) list.push(end);
      else below.set(ancestor, [end]);
    }
  }
  const order = (a: MoveEnd, b: MoveEnd) => (a.field === b.field ? 0 : a.field === "from" ? -1 : 1);
  let best: { a: MoveEnd; b: MoveEnd } | undefined;
  const consider = (x: MoveEnd, y: MoveEnd) => {
    if (x.index === y.index) return;
    const [a, b] = x.index < y.index ? [x, y] : [y, x];
    if (
      !best ||
      a.index < best.a.index ||
      (a.index === best.a.index &&
        (b.index < best.b.index ||
          (b.index === best.b.index && (order(a, best.a) < 0 || (order(a, best.a) === 0 && order(b, best.b) < 0)))))
    )
      best = { a, b };
  };
  for (const [p, list] of byPath) {
    const related = [...list, ...(below.get(p) ?? [])];
    // Pairs among the ends at p and below it that touch p; the earliest move at p is all a pair needs.
    const first = [...list].sort((x, y) => x.index - y.index || order(x, y));
    for (const end of related) {
      for (const anchor of first) {
        if (anchor.index !== end.index) {
          consider(anchor, end);
          break;
        }
      }
    }
  }
  if (!best) return undefined;
  const { a, b } = best;
  return { b, reason: `overlaps moves[${a.index}].${a.field} (${a.path})` };
}

/** A destination's folders must be folders (or not exist yet): a file where one must go is bad input. */
async function checkDestinationParents(
  source: ManifestSource,
  root: string,
  field: (string | number)[],
  to: string,
): Promise<void> {
  for (let dir = path.posix.dirname(to); dir !== "." && dir !== ""; dir = path.posix.dirname(dir)) {
    const kind = await lstatKind(path.join(root, dir));
    if (kind === null) continue;
    if (kind === "dir") return;
    throw manifestError(source, field, `parent ${dir} is a ${kind === "other" ? "special file" : kind}, not a folder`);
  }
}

/** `typescript.tsconfig` names a file inside root that exists (apply and verify read it). */
async function checkTsconfig(source: ManifestSource, data: ManifestData, root: string): Promise<void> {
  const tsconfig = data.typescript?.tsconfig;
  if (tsconfig === undefined) return;
  const field = ["typescript", "tsconfig"];
  const normalized = normalizeOrThrow(source, field, tsconfig);
  const real = await realPathOfNearest(path.join(root, normalized));
  if (!isSameOrInside(real, root))
    throw manifestError(source, field, `must stay inside root (resolves through a symlink to ${real})`);
  if ((await lstatKind(real)) !== "file")
    throw manifestError(source, field, `${normalized} does not exist under ${root}`);
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
