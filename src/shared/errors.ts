/** Exit codes every command uses: 0 ok, 1 differences/failures found, 2 invalid input, 3 refused for safety. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  invalidInput: 2,
  refused: 3,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Base of every error graft raises on purpose; the CLI maps `exitCode` and prints `message` on one line. */
export class GraftError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad input from the user (manifest, flags, files): exit 2, nothing written. */
export class InvalidInputError extends GraftError {
  constructor(message: string) {
    super(message, ExitCode.invalidInput);
  }
}

/** A safety check refused to proceed (conflicts, lock, stale plan, dirty tree): exit 3. */
export class RefusedError extends GraftError {
  constructor(message: string) {
    super(message, ExitCode.refused);
  }
}

/** A check ran and found differences or failures: exit 1. */
export class CheckFailedError extends GraftError {
  constructor(message: string) {
    super(message, ExitCode.failed);
  }
}

/** The run was interrupted by a signal and rolled back: exit 130. */
export class InterruptedError extends GraftError {
  constructor(message: string) {
    super(message, ExitCode.interrupted);
  }
}

/** True for errors graft raised on purpose (as opposed to bugs). */
export function isGraftError(error: unknown): error is GraftError {
  return error instanceof GraftError;
}
