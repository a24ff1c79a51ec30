import { parentPort } from "node:worker_threads";
import { nodeFsPort } from "../shared/fs-port.js";
import { executeStep } from "./execute-step.js";
import type { StepAction } from "./expand-steps.js";

/** A chunk of step groups (one plan operation each) for a write worker; each group's steps run in order. */
export interface WriteChunkMessage {
  root: string;
  groups: { index: number; action: StepAction }[][];
}

/** What a write worker reports for a chunk: the steps it finished and, when one failed, why. */
export interface WriteWorkerReply {
  done: number[];
  error?: { index: number; message: string; code?: string };
}

// The main thread journals the finished steps; a reply per chunk keeps messages few.
let queue: Promise<void> = Promise.resolve();
parentPort?.on("message", (chunk: WriteChunkMessage) => {
  queue = queue.then(async () => parentPort?.postMessage(await runChunk(chunk)));
});

async function runChunk(chunk: WriteChunkMessage): Promise<WriteWorkerReply> {
  const done: number[] = [];
  for (const group of chunk.groups) {
    for (const { index, action } of group) {
      try {
        if (action.type === "put-bytes") action.data = Buffer.from(action.data);
        await executeStep(nodeFsPort, chunk.root, action, false);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { done, error: { index, message: error instanceof Error ? error.message : String(error), code } };
      }
      done.push(index);
    }
  }
  return { done };
}
