import { parentPort } from "node:worker_threads";
import { nodeFsPort } from "../shared/fs-port.js";
import { ChangedDuringRunError } from "./changed-during-run-error.js";
import { stageWrite, type StagedPut } from "./execute-action.js";
import type { TreeWrite } from "./expand-actions.js";

/** A chunk of action groups (one plan operation each) whose puts a write worker stages (see stageWrite). */
export interface WriteChunkMessage {
  root: string;
  groups: { index: number; write: TreeWrite }[][];
}

/** What a write worker reports for a chunk: the puts it staged (by action index) and, when one failed, why. */
export interface WriteWorkerReply {
  staged: [number, StagedPut][];
  error?: { index: number; message: string; code?: string; changedPaths?: readonly string[] };
}

// A reply per chunk keeps messages few; the main thread renames what was staged.
let queue: Promise<void> = Promise.resolve();
parentPort?.on("message", (chunk: WriteChunkMessage) => {
  queue = queue.then(async () => parentPort?.postMessage(await stageChunk(chunk)));
});

async function stageChunk(chunk: WriteChunkMessage): Promise<WriteWorkerReply> {
  const staged: [number, StagedPut][] = [];
  for (const group of chunk.groups) {
    for (const { index, write } of group) {
      try {
        if (write.type === "put-bytes") write.data = Buffer.from(write.data);
        const put = await stageWrite(nodeFsPort, chunk.root, write);
        if (put) staged.push([index, put]);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const message = error instanceof Error ? error.message : String(error);
        const changedPaths = error instanceof ChangedDuringRunError ? error.paths : undefined;
        return { staged, error: { index, message, code, ...(changedPaths ? { changedPaths } : {}) } };
      }
    }
  }
  return { staged };
}
