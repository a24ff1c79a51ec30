import path from "node:path";
import { applyEdits } from "../codemod/edit.js";
import type { FsPort } from "../shared/fs-port.js";
import { writeFileAtomic } from "../shared/atomic-write.js";
import { hashBytes } from "../backup/object-store.js";
import type { StepAction } from "./expand-steps.js";

/** Performs one step on the tree; every write is atomic (temp in the same folder + rename). */
export async function executeStep(fs: FsPort, root: string, action: StepAction, durable: boolean): Promise<void> {
  const abs = (p: string) => path.join(root, p);
  switch (action.type) {
    case "mkdir":
      await fs.mkdir(abs(action.path));
      return;
    case "rename":
      await fs.rename(abs(action.from), abs(action.to));
      return;
    case "put-edited": {
      const data = applyEdits(await fs.readFile(abs(action.from)), action.edits);
      // The source was hashed before the run started; refuse to write if it changed underneath us.
      if (hashBytes(data) !== action.sha256) throw new Error(`${action.from} changed while the run was applying edits to it`);
      await writeFileAtomic(fs, abs(action.to), data, action.mode, durable);
      return;
    }
    case "put-bytes":
      await writeFileAtomic(fs, abs(action.path), action.data, action.mode, durable);
      return;
    case "remove":
      await fs.unlink(abs(action.path));
      return;
    case "rmdir":
      await fs.rmdir(abs(action.path));
      return;
  }
}

/** One-line description of a step for messages ("move a → b", "write c"). */
export function describeAction(action: StepAction): string {
  switch (action.type) {
    case "mkdir":
      return `create folder ${action.path}`;
    case "rename":
      return `move ${action.from} → ${action.to}`;
    case "put-edited":
      return action.from === action.to ? `edit ${action.to}` : `move ${action.from} → ${action.to} with edits`;
    case "put-bytes":
      return `write ${action.path}`;
    case "remove":
      return `remove ${action.path}`;
    case "rmdir":
      return `remove folder ${action.path}`;
  }
}
