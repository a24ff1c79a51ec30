import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { createMemoryWatch } from "../equivalence/experiments/process-memory.js";

/** What a shell command did. */
export interface ShellRun {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  wallMs: number;
  peakMemoryBytes: number | null;
  /** Last 16 KiB of stderr. */
  stderr: string;
}

const stderrLimit = 16 * 1024;

/** Runs `command` with sh in `cwd`, kills its process group on timeout, and watches its peak memory. */
export function runShell(
  command: string,
  options: { cwd: string; env?: Record<string, string>; timeoutMs: number },
): Promise<ShellRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn("sh", ["-c", command], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
    });
    const watch = child.pid === undefined ? null : createMemoryWatch(child.pid);
    let stderr = "";
    let timedOut = false;
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-stderrLimit);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }
    }, options.timeoutMs);
    const finish = (exitCode: number | null, signal: string | null): void => {
      clearTimeout(timer);
      const peak = watch?.stop() ?? null;
      resolve({ exitCode, signal, timedOut, wallMs: performance.now() - started, peakMemoryBytes: peak, stderr });
    };
    child.on("error", (error) => {
      stderr += String(error.message);
      finish(null, null);
    });
    child.on("close", (code, signal) => finish(code, signal));
  });
}
