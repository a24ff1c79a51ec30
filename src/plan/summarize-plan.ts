import type { MoveClassification, PlanOperation, PlanSummary } from "../model/plan.js";

/** Counts operations and edits for the top of a plan. */
export function summarizePlan(
  operations: readonly PlanOperation[],
  classifications: readonly MoveClassification[],
): PlanSummary {
  const summary: PlanSummary = {
    moved: 0,
    deleted: 0,
    written: 0,
    edited: 0,
    editsByKind: {},
    conflicts: 0,
    unresolvedConflicts: 0,
  };
  const countEdits = (edits: readonly { kind?: string }[] | undefined) => {
    for (const { kind = "edit" } of edits ?? []) summary.editsByKind[kind] = (summary.editsByKind[kind] ?? 0) + 1;
  };
  for (const op of operations) {
    if (op.op === "move") {
      summary.moved++;
      countEdits(op.edits);
    } else if (op.op === "delete") summary.deleted++;
    else if (op.op === "write") summary.written++;
    else if (op.op === "edit") {
      summary.edited++;
      countEdits(op.edits);
    }
  }
  for (const c of classifications) {
    summary.conflicts += c.conflicts.length;
    summary.unresolvedConflicts += c.conflicts.filter((x) => x.unresolved).length;
  }
  return summary;
}
