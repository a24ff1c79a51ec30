import type { MigrationPlan } from "../model/plan.js";
import type { StageFiles } from "../model/staged-plan.js";

/** What a plan does to each file: created, edited in place (or rewritten), moved, deleted; edit counts by kind. */
export function listStageFiles(plan: MigrationPlan): StageFiles {
  const files: StageFiles = {
    created: [],
    edited: [],
    moved: [],
    deleted: [],
    editsByKind: { ...plan.summary.editsByKind },
  };
  for (const op of plan.operations) {
    if (op.op === "move") files.moved.push({ from: op.from, to: op.to });
    else if (op.op === "edit") files.edited.push(op.path);
    else if (op.op === "write") (op.before === null ? files.created : files.edited).push(op.path);
    else if (op.op === "delete") files.deleted.push(op.path);
  }
  return files;
}
