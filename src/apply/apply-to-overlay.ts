import { getReadSignature } from "../backup/entry-state.js";
import { hashBytes } from "../backup/object-store.js";
import type { EntryState } from "../backup/types.js";
import { applyEdits } from "../model/edit.js";
import type { MigrationPlan } from "../model/plan.js";
import type { OverlayEntry, TreeOverlay } from "../scan/tree-overlay.js";
import { compareStrings } from "../shared/paths.js";
import { expandActions, staleError, type TreeWrite } from "./expand-actions.js";
import { getPlanInputs } from "./read-plan-states.js";

/**
 * Applies a plan to an overlay of the tree the way apply writes the disk (the same expansion into actions, the same
 * refusals of a stale plan), writing nothing. A dry run calls it after planning each step so the next one is planned
 * on the tree this one would leave.
 */
export function applyPlanToOverlay(overlay: TreeOverlay, plan: MigrationPlan): void {
  const { wanted, editsBySource } = getPlanInputs(plan);
  const states = new Map<string, EntryState>();
  const editedResults = new Map<string, { sha256: string; size: number }>();
  for (const p of [...wanted].sort(compareStrings)) {
    const state = readState(overlay, p);
    states.set(p, state);
    const expected = plan.reads[p];
    if (expected !== undefined && getReadSignature(state) !== expected)
      throw staleError(p, state.kind === "absent" ? "no longer exists" : "changed since the plan was made");
    const edits = editsBySource.get(p);
    if (edits && state.kind === "file") {
      const edited = applyEdits(overlay.readFile(p), edits);
      editedResults.set(p, { sha256: hashBytes(edited), size: edited.length });
    }
  }
  for (const { write } of expandActions(plan, { states, editedResults })) performOnOverlay(overlay, write);
}

function readState(overlay: TreeOverlay, p: string): EntryState {
  const entry = overlay.entryOf(p);
  if (entry.kind !== "file") return entry.kind === "symlink" ? { kind: "symlink", target: entry.target } : entry;
  const bytes = overlay.readFile(p);
  return { kind: "file", sha256: hashBytes(bytes), mode: entry.mode, size: bytes.length };
}

/** The disk path an entry's content descends from (itself when the disk still holds it unchanged). */
function originOf(overlay: TreeOverlay, p: string): string | undefined {
  const entry = overlay.entryOf(p);
  return entry.kind === "file" || entry.kind === "symlink" ? entry.origin : undefined;
}

function performOnOverlay(overlay: TreeOverlay, write: TreeWrite): void {
  switch (write.type) {
    case "mkdir":
      overlay.set(write.path, { kind: "dir", mode: 0o755 });
      return;
    case "rename":
      overlay.set(write.to, overlay.entryOf(write.from));
      overlay.set(write.from, { kind: "absent" });
      return;
    case "put-edited": {
      const entry: OverlayEntry = {
        kind: "file",
        mode: write.mode,
        bytes: applyEdits(overlay.readFile(write.from), write.edits),
      };
      const origin = originOf(overlay, write.from);
      overlay.set(write.to, origin === undefined ? entry : { ...entry, origin });
      return;
    }
    case "put-bytes":
      overlay.set(write.path, { kind: "file", mode: write.mode, bytes: write.data });
      return;
    case "remove":
    case "rmdir":
      overlay.set(write.path, { kind: "absent" });
      return;
  }
}
