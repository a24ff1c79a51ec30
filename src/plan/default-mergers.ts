import type { ConflictMergers } from "./conflict-mergers.js";

/** The merge strategies graft ships (filled as strategies land). */
export const defaultConflictMergers: ConflictMergers = {};
