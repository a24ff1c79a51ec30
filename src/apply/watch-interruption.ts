import { InterruptedError } from "../shared/errors.js";

/** A flag raised by SIGINT/SIGTERM or an abort signal, checked between operations. */
export interface InterruptionWatch {
  /** What interrupted the run ("SIGINT", "SIGTERM", "abort"), or undefined. */
  isInterrupted(): string | undefined;
  throwIfInterrupted(): void;
  dispose(): void;
}

/** Turns SIGINT/SIGTERM (when handled) and an abort signal into a flag checked between operations. */
export function watchInterruption(handleSignals: boolean, signal: AbortSignal | undefined): InterruptionWatch {
  let received: string | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    received ??= name;
  };
  if (handleSignals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  const isInterrupted = () => received ?? (signal?.aborted ? "abort" : undefined);
  return {
    isInterrupted,
    throwIfInterrupted() {
      const by = isInterrupted();
      if (by) throw new InterruptedError(`interrupted by ${by}`);
    },
    dispose() {
      // Called last, after any rollback: until then a second Ctrl-C must not kill the process mid-restore.
      if (handleSignals) {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    },
  };
}
