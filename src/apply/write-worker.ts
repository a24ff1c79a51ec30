import { parentPort } from "node:worker_threads";
import { nodeFsPort } from "../shared/fs-port.js";
import { stageStep, type StagedPut } from "./execute-action.js";
import type { StepAction } from "./expand-actions.js";

/** A chunk of step groups (one plan operation each) whose puts a write worker stages (see stageStep). */
export interface WriteChunkMessage {
  root: string;
  groups: { index: number; action: StepAction }[][];
}

/** What a write worker reports for a chunk: the puts it staged (by step index) and, when one failed, why. */
export interface WriteWorkerReply {
  staged: [number, StagedPut][];
  error?: { index: number; message: string; code?: string };
}

// A reply per chunk keeps messages few; the main thread renames what was staged.
let queue: Promise<void> = Promise.resolve();
parentPort?.on("message", (chunk: WriteChunkMessage) => {
  queue = queue.then(async () => parentPort?.postMessage(await stageChunk(chunk)));
});

async function stageChunk(chunk: WriteChunkMessage): Promise<WriteWorkerReply> {
  const staged: [number, StagedPut][] = [];
  for (const group of chunk.groups) {
    for (const { index, action } of group) {
      try {
        if (action.type === "put-bytes") action.data = Buffer.from(action.data);
        const put = await stageStep(nodeFsPort, chunk.root, action);
        if (put) staged.push([index, put]);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { staged, error: { index, message: error instanceof Error ? error.message : String(error), code } };
      }
    }
  }
  return { staged };
}
