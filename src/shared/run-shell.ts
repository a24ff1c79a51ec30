import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { createMemoryWatch } from "./process-memory.js";

/** What a shell command did. */
export interface ShellRun {
  /** Exit code; null when it was killed by a signal or never started. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Set when the shell itself could not be started (the command never ran). */
  startError?: string;
  wallMs: number;
  /** Peak memory of the command's process tree, when asked for and observable (Linux /proc). */
  peakMemoryBytes: number | null;
  /** The last `outputLimit` bytes the command wrote to stderr (and stdout, when captured), as UTF-8 text. */
  outputTail: string;
}

/** Options of `runShell`. */
export interface ShellOptions {
  cwd: string;
  /** Added to graft's own environment. */
  env?: Readonly<Record<string, string>>;
  /** Kill the command's process group after this long (no limit when absent). */
  timeoutMs?: number;
  /** Keep stdout in `outputTail` too (verify commands); experiments discard it (their outputs are files). */
  captureStdout?: boolean;
  /** Watch the process tree's peak memory (experiments). */
  measureMemory?: boolean;
}

/** How much output a run keeps: the tail, where failures explain themselves. */
export const outputLimit = 16 * 1024;
/** A terminated command's group gets this long to exit before it is killed. */
export const killGraceMs = 2_000;
/** setTimeout's limit; a longer timeout would fire at once. */
const maxTimerMs = 2 ** 31 - 1;

/**
 * Runs `command` with `sh -c` in `cwd`. The one shell runner of graft: the command gets its own process group so
 * that a timeout ends everything it started (SIGTERM to the group, SIGKILL after `killGraceMs`), and only the
 * last `outputLimit` bytes of its output are kept. Never throws for a failing command.
 */
export function runShell(command: string, options: ShellOptions): Promise<ShellRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn("sh", ["-c", command], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", options.captureStdout ? "pipe" : "ignore", "pipe"],
      detached: true,
    });
    const watch = options.measureMemory && child.pid !== undefined ? createMemoryWatch(child.pid) : null;
    let tail = Buffer.alloc(0);
    const keep = (chunk: Buffer): void => {
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > outputLimit) tail = tail.subarray(tail.length - outputLimit);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const signalGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () => {
              timedOut = true;
              signalGroup("SIGTERM");
              killTimer = setTimeout(() => signalGroup("SIGKILL"), killGraceMs);
            },
            Math.min(Math.max(options.timeoutMs, 0), maxTimerMs),
          );
    let finished = false;
    const finish = (exitCode: number | null, signal: string | null, startError?: string): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      const peak = watch?.stop() ?? null;
      resolve({
        exitCode,
        signal,
        timedOut,
        ...(startError !== undefined ? { startError } : {}),
        wallMs: performance.now() - started,
        peakMemoryBytes: peak,
        outputTail: tail.toString("utf8"),
      });
    };
    child.on("error", (error) => finish(null, null, error.message));
    child.on("close", (code, signal) => finish(code, signal));
  });
}

/** How a run ended, in words: "exited with 2", "timed out after 30 s", "killed by SIGKILL", "could not start: …". */
export function describeShellEnd(run: ShellRun, timeoutMs?: number): string {
  if (run.startError !== undefined) return `could not start: ${run.startError}`;
  if (run.timedOut) return `timed out after ${timeoutMs === undefined ? "its limit" : `${timeoutMs / 1000} s`}`;
  // sh's own codes for a program it cannot find or cannot execute.
  if (run.exitCode === 127) return "exited with 127 (command not found)";
  if (run.exitCode === 126) return "exited with 126 (command not executable)";
  if (run.exitCode !== null) return `exited with ${run.exitCode}`;
  return `killed by ${run.signal ?? "a signal"}`;
}
