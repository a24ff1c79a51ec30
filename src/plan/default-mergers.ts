import { mergeExports } from "./merge-exports.js";
import { mergeWithMarkers } from "./merge-markers.js";
import type { ConflictMergers } from "../model/conflict-merger.js";

/** The content-producing conflict strategies graft ships. */
export const defaultConflictMergers: ConflictMergers = {
  "merge-exports": mergeExports,
  markers: mergeWithMarkers,
};
