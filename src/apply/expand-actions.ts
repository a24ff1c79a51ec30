import type { MigrationPlan, PlanOperation } from "../model/plan.js";
import type { ByteEdit } from "../model/edit.js";
import { InvalidInputError, RefusedError } from "../shared/errors.js";
import { describeState } from "../backup/entry-state.js";
import { hashBytes } from "../backup/object-store.js";
import type { EntryState, PathChange, RunAction } from "../backup/types.js";
import { getAncestors } from "../shared/paths.js";
import type { PlanStates } from "./read-plan-states.js";

/** How an action writes the tree (kept in memory; the run record keeps only the path changes). */
export type TreeWrite =
  | { type: "mkdir"; path: string }
  | { type: "rename"; from: string; to: string }
  | { type: "put-edited"; from: string; to: string; edits: ByteEdit[]; mode: number; sha256: string }
  | { type: "put-bytes"; path: string; data: Buffer; mode: number }
  | { type: "remove"; path: string }
  | { type: "rmdir"; path: string };

/** An action of the run with the tree write that performs it. */
export interface PlannedAction {
  action: RunAction;
  write: TreeWrite;
}

/** Refusal for a plan that no longer matches the tree. */
export function staleError(p: string, how: string): RefusedError {
  return new RefusedError(`plan is stale: ${p} ${how}; re-run graft plan`);
}

/**
 * Expands plan operations into actions (primitive tree writes), simulating the tree so every action knows each path's
 * before/after state; refuses when an operation's precondition does not hold on the current tree.
 */
export function expandActions(
  plan: MigrationPlan,
  current: Pick<PlanStates, "states" | "editedResults"> & Partial<Pick<PlanStates, "listings">>,
): PlannedAction[] {
  const sim = new Map(current.states);
  const stateOf = (p: string): EntryState => sim.get(p) ?? { kind: "absent" };
  const actions: PlannedAction[] = [];
  // A written file gets a mode within 0755 or one a file the plan read has; never setuid, setgid or sticky bits.
  const modes = new Set<number>();
  for (const state of current.states.values()) if (state.kind === "file") modes.add(state.mode & 0o777);
  const isAllowedMode = (mode: number) => (mode & ~0o777) === 0 && ((mode & ~0o755) === 0 || modes.has(mode));
  const push = (operation: number, write: TreeWrite, kind: RunAction["kind"], changes: PathChange[]) => {
    // Every path written sits in real folders: never under a symlink (which could lead out of the root) or a file.
    for (const change of changes) {
      for (const dir of getAncestors(change.path)) {
        const state = stateOf(dir);
        if (state.kind !== "dir") throw staleError(dir, `is ${describeState(state)}, not a folder`);
      }
    }
    actions.push({ action: { index: actions.length, operation, kind, changes }, write });
    for (const change of changes) sim.set(change.path, change.after);
  };
  const ensureParents = (operation: number, p: string) => {
    for (const dir of getAncestors(p)) {
      const state = stateOf(dir);
      if (state.kind === "dir") continue;
      if (state.kind !== "absent") throw staleError(dir, `is now a ${describeState(state)}, not a folder`);
      push(operation, { type: "mkdir", path: dir }, "mkdir", [
        { path: dir, before: state, after: { kind: "dir", mode: 0o755 } },
      ]);
    }
  };
  plan.operations.forEach((op, operation) => {
    expandOperation(op, operation);
  });
  return actions;

  function expandOperation(op: PlanOperation, operation: number): void {
    switch (op.op) {
      case "mkdir": {
        const state = stateOf(op.path);
        if (state.kind === "dir") return;
        if (state.kind !== "absent") throw staleError(op.path, "exists now");
        ensureParents(operation, op.path);
        push(operation, { type: "mkdir", path: op.path }, "mkdir", [
          { path: op.path, before: state, after: { kind: "dir", mode: 0o755 } },
        ]);
        return;
      }
      case "move": {
        const from = stateOf(op.from);
        const expected = op.kind === "symlink" ? `link:${op.linkTarget ?? ""}` : op.sha256;
        if (from.kind === "absent") throw staleError(op.from, "no longer exists");
        const actual = from.kind === "file" ? from.sha256 : from.kind === "symlink" ? `link:${from.target}` : "folder";
        if (
          from.kind !== op.kind ||
          (op.kind === "file" && actual !== expected) ||
          (op.kind === "symlink" && op.linkTarget !== undefined && actual !== expected)
        ) {
          throw staleError(op.from, "changed since the plan was made");
        }
        const to = stateOf(op.to);
        checkReplaceable(op.to, to, op.replaces);
        ensureParents(operation, op.to);
        if (op.kind === "file" && op.edits?.length && from.kind === "file") {
          const result = current.editedResults.get(op.from);
          if (!result) throw new Error(`internal: no edited result for ${op.from}`);
          const after: EntryState = { kind: "file", sha256: result.sha256, mode: from.mode, size: result.size };
          push(
            operation,
            { type: "put-edited", from: op.from, to: op.to, edits: op.edits, mode: from.mode, sha256: result.sha256 },
            "put",
            [{ path: op.to, before: to, after }],
          );
          push(operation, { type: "remove", path: op.from }, "remove", [
            { path: op.from, before: from, after: { kind: "absent" } },
          ]);
        } else {
          push(operation, { type: "rename", from: op.from, to: op.to }, "rename", [
            { path: op.from, before: from, after: { kind: "absent" } },
            { path: op.to, before: to, after: from },
          ]);
        }
        return;
      }
      case "edit": {
        const state = stateOf(op.path);
        if (state.kind !== "file")
          throw staleError(op.path, state.kind === "absent" ? "no longer exists" : "is no longer a file");
        // An empty sha256 means the planner pinned this file only through `reads` (checked already).
        if (op.sha256 && state.sha256 !== op.sha256) throw staleError(op.path, "changed since the plan was made");
        const result = current.editedResults.get(op.path);
        if (!result) throw new Error(`internal: no edited result for ${op.path}`);
        const after: EntryState = { kind: "file", sha256: result.sha256, mode: state.mode, size: result.size };
        push(
          operation,
          { type: "put-edited", from: op.path, to: op.path, edits: op.edits, mode: state.mode, sha256: result.sha256 },
          "put",
          [{ path: op.path, before: state, after }],
        );
        return;
      }
      case "write": {
        if (!isAllowedMode(op.mode))
          throw new InvalidInputError(
            `plan: write ${op.path}: mode ${op.mode.toString(8)} is not allowed (at most 0755, or the mode of a file the plan read; never setuid, setgid or sticky)`,
          );
        const data = Buffer.from(op.content, op.encoding);
        const sha256 = hashBytes(data);
        if (sha256 !== op.sha256)
          throw new InvalidInputError(`plan is corrupt: content written to ${op.path} does not match its sha256`);
        const state = stateOf(op.path);
        if (op.before === null) {
          if (state.kind !== "absent") throw staleError(op.path, "exists now");
        } else if (state.kind !== "file" || state.sha256 !== op.before) {
          throw staleError(op.path, state.kind === "absent" ? "no longer exists" : "changed since the plan was made");
        }
        ensureParents(operation, op.path);
        push(operation, { type: "put-bytes", path: op.path, data, mode: op.mode & 0o7777 }, "put", [
          { path: op.path, before: state, after: { kind: "file", sha256, mode: op.mode & 0o7777, size: data.length } },
        ]);
        return;
      }
      case "delete": {
        const state = stateOf(op.path);
        if (state.kind === "absent") throw staleError(op.path, "no longer exists");
        if (state.kind !== op.kind || (state.kind === "file" && op.sha256 && state.sha256 !== op.sha256))
          throw staleError(op.path, "changed since the plan was made");
        push(operation, { type: "remove", path: op.path }, "remove", [
          { path: op.path, before: state, after: { kind: "absent" } },
        ]);
        return;
      }
      case "rmdir": {
        const state = stateOf(op.path);
        if (state.kind === "absent") return;
        if (state.kind !== "dir") throw staleError(op.path, "is no longer a folder");
        // Refused here rather than by rmdir(2) halfway through the run: something appeared in the folder.
        for (const name of current.listings?.get(op.path) ?? []) {
          const child = `${op.path}/${name}`;
          if (stateOf(child).kind !== "absent") throw staleError(child, "is in a folder the plan removes");
        }
        push(operation, { type: "rmdir", path: op.path }, "rmdir", [
          { path: op.path, before: state, after: { kind: "absent" } },
        ]);
        return;
      }
    }
  }
}

function checkReplaceable(p: string, state: EntryState, replaces: string | undefined): void {
  if (state.kind === "absent") return;
  const signature =
    state.kind === "file" ? state.sha256 : state.kind === "symlink" ? `link:${state.target}` : undefined;
  if (replaces === undefined) throw staleError(p, "exists now");
  if (signature !== replaces && signature !== replaces.replace(/^link:/, ""))
    throw staleError(p, "changed since the plan was made");
}
