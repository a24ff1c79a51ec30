import type { ManifestData } from "./manifest-schema.js";
import type { MigrationPlan } from "./plan.js";

/** What a post-write check sees. */
export interface CheckContext {
  root: string;
  plan: MigrationPlan;
  /** The manifest, when apply was given it (a saved plan alone carries only its path). */
  manifest?: ManifestData;
}

/** A check's verdict; a failure rolls the run back (exit 1) with `message`. */
export type CheckOutcome = { ok: true; details?: string } | { ok: false; message: string };

/**
 * A check apply runs after writing the tree (import resolution, verify commands, later equivalence gates).
 * Made per run by a factory, so a baseline taken in `beforeWrite` lives in the check's closure.
 */
export interface PostWriteCheck {
  name: string;
  /** Runs under the lock before any tree write (e.g. to record a baseline). */
  beforeWrite?(context: CheckContext): Promise<void>;
  afterWrite(context: CheckContext): Promise<CheckOutcome>;
}
