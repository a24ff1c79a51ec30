import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import type { ZodType } from "zod";
import { loadManifest } from "../manifest/load.js";
import { formatFieldPath } from "../manifest/source-map.js";
import type { Manifest } from "../model/manifest.js";
import type { MigrationPlan } from "../model/plan.js";
import { savedPlanSchema } from "../model/plan-schema.js";
import { InvalidInputError, RefusedError } from "../shared/errors.js";
import { isErrorCode } from "../shared/fs-port.js";
import type { RunSummary } from "../backup/types.js";
import { findAppliedRun } from "./find-applied-run.js";

/** What `graft apply` works from: a plan, and the manifest when it could be loaded; or the run that already did it. */
export type ApplyInput = PlannedInput | { alreadyApplied: RunSummary };

/** A plan to apply. */
export interface PlannedInput {
  plan: MigrationPlan;
  manifest?: Manifest;
  /** "plan" when given a saved plan.json, "manifest" when planned now. */
  source: "plan" | "manifest";
}

/** Options of `loadApplyInput`. */
export interface LoadApplyInputOptions {
  /** The folder a saved plan is applied in: its `root` must be this folder (default: the current folder). */
  root?: string;
}

/**
 * Reads `graft apply`'s argument: a saved plan (format graft-plan) is validated like a manifest and must be
 * made for the folder it is applied in, and its manifest is loaded for verification when still present and
 * unchanged; a manifest is planned first.
 */
export async function loadApplyInput(file: string, options: LoadApplyInputOptions = {}): Promise<ApplyInput> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) throw new InvalidInputError(`${file}: no such file`);
    throw error;
  }
  const plan = parseSavedPlan(text, file);
  if (!plan) {
    let manifest: Manifest;
    try {
      manifest = await loadManifest(file);
    } catch (error) {
      // Applying a manifest twice finds its sources gone: that is done work, not an error.
      const applied = error instanceof InvalidInputError ? await findAppliedRun(file) : undefined;
      if (applied) return { alreadyApplied: applied };
      throw error;
    }
    // Planning pulls in every rewriter (and their language tooling); a saved plan does not need them.
    const { planMigration } = await import("./plan-migration.js");
    return { plan: await planMigration(manifest), manifest, source: "manifest" };
  }
  await checkPlanRoot(plan, file, options.root ?? process.cwd());
  let manifest: Manifest | undefined;
  try {
    manifest = await loadManifest(plan.manifest.path);
  } catch {
    manifest = undefined; // a plan can be applied without its manifest; verification then has less to go on
  }
  if (manifest && manifest.sha256 !== plan.manifest.sha256) {
    throw new RefusedError(
      `plan is stale: its manifest ${plan.manifest.path} changed since the plan was made; re-run graft plan`,
    );
  }
  // A manifest found at the recorded path but for another root says nothing about this plan.
  if (manifest && manifest.root !== plan.root) manifest = undefined;
  return { plan, manifest, source: "plan" };
}

/**
 * A saved plan says where it writes (`root`): it must be the folder graft is applied in, so a plan handed over
 * cannot point graft at another folder; `--root` names the folder when it is not the current one.
 */
export async function checkPlanRoot(plan: { root: string }, file: string, here: string): Promise<void> {
  const real = async (p: string) => realpath(p).catch(() => undefined);
  const planRoot = path.isAbsolute(plan.root) ? await real(plan.root) : undefined;
  const target = await real(path.resolve(here));
  if (planRoot === undefined || planRoot !== plan.root || planRoot !== target) {
    throw new InvalidInputError(
      `${file}: root: the plan was made for ${plan.root}, not for ${target ?? here}, where it is applied; run graft apply in ${plan.root} or pass --root ${plan.root}`,
    );
  }
}

/**
 * The document in `text` when it is a saved graft file of `format` (`graft plan --out`), else undefined (e.g. a
 * manifest). It is checked with `schema`, like a manifest: every operation's shape and path (inside root, never in
 * .git, .graft or node_modules) and the modes it writes; the first problem is an InvalidInputError naming the field.
 */
export function parseSavedDocument<T>(
  text: string,
  file: string,
  format: string,
  label: string,
  schema: ZodType,
): T | undefined {
  const trimmed = text.replace(/^\uFEFF/, "").trimStart();
  if (!trimmed.startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || (value as { format?: unknown }).format !== format)
    return undefined;
  const version = (value as { version?: unknown }).version;
  if (version !== 1)
    throw new InvalidInputError(
      `${file}: unsupported ${label} version ${String(version)} (this graft reads version 1)`,
    );
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new InvalidInputError(`${file}: ${formatFieldPath(issue.path)}: ${issue.message}`);
  }
  return result.data as T;
}

/** The plan in `text` when it is a saved graft plan, else undefined; checked as `parseSavedDocument` says. */
export function parseSavedPlan(text: string, file = "plan"): MigrationPlan | undefined {
  return parseSavedDocument<MigrationPlan>(text, file, "graft-plan", "plan", savedPlanSchema);
}
