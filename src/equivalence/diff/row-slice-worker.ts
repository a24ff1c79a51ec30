import { parentPort } from "node:worker_threads";
import { compareRowSlice, type RowSliceRequest } from "./compare-row-slice.js";

// One request per worker: the main thread starts it before it knows the split, so loading overlaps its counting.
parentPort?.once("message", async (request: RowSliceRequest) => {
  parentPort?.postMessage(await compareRowSlice(request));
});
