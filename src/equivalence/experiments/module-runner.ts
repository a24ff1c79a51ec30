/**
 * Child-process entry of a module experiment side: imports one function, calls it on every case
 * (`repeat` times), and sends back the first round's results, the wall time of each round and the
 * process's peak memory. Runs in its own process so each side's memory is its own.
 */
import { performance } from "node:perf_hooks";
import { importModule, type ModuleCase } from "./load-cases.js";

/** The request the parent sends. */
export interface RunnerRequest {
  modulePath: string;
  exportName: string;
  cases: ModuleCase[];
  repeat: number;
}

/** One call's outcome. */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: string };

/** The reply. */
export type RunnerReply =
  | { ok: true; outcomes: CallOutcome[]; wallMs: number[]; peakMemoryBytes: number }
  | { ok: false; error: string };

async function serve(request: RunnerRequest): Promise<RunnerReply> {
  let fn: unknown;
  try {
    const loaded = (await importModule(request.modulePath)) as Record<string, unknown>;
    fn = loaded[request.exportName] ?? (loaded.default as Record<string, unknown> | undefined)?.[request.exportName];
  } catch (error) {
    return {
      ok: false,
      error: `cannot import ${request.modulePath}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (typeof fn !== "function")
    return { ok: false, error: `${request.modulePath} has no function export "${request.exportName}"` };
  const call = fn as (...args: unknown[]) => unknown;
  const outcomes: CallOutcome[] = [];
  const wallMs: number[] = [];
  for (let round = 0; round < request.repeat; round++) {
    const started = performance.now();
    for (const item of request.cases) {
      // Each call gets its own copy, so a function that mutates its arguments cannot affect the next.
      const args = structuredClone(item.args);
      try {
        const value = await call(...args);
        if (round === 0) outcomes.push({ ok: true, value: toTransferable(value) });
      } catch (error) {
        if (round === 0)
          outcomes.push({
            ok: false,
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
      }
    }
    wallMs.push(performance.now() - started);
  }
  return { ok: true, outcomes, wallMs, peakMemoryBytes: process.resourceUsage().maxRSS * 1024 };
}

// Values that structured clone cannot carry (functions, class instances with methods) become plain data.
function toTransferable(value: unknown): unknown {
  try {
    structuredClone(value);
    return value;
  } catch {
    return JSON.parse(
      JSON.stringify(value, (_k, v: unknown) =>
        typeof v === "function" ? "[function]" : typeof v === "bigint" ? `${v}n` : v,
      ),
    );
  }
}

process.once("message", (request: RunnerRequest) => {
  serve(request).then(
    (reply) => process.send!(reply, () => process.exit(0)),
    (error: unknown) => process.send!({ ok: false, error: String(error) } satisfies RunnerReply, () => process.exit(0)),
  );
});
