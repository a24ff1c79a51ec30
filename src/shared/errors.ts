/**
 * Exit codes every command uses: 0 ok, 1 differences/failures found, 2 invalid input, 3 refused for safety,
 * 70 a bug in graft (sysexits' EX_SOFTWARE), 130 interrupted by a signal and rolled back.
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  invalidInput: 2,
  refused: 3,
  internal: 70,
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

/** A bug: graft hit a state it does not expect (exit 70). The message says what and asks for a report. */
export class InternalError extends GraftError {
  constructor(message: string) {
    super(message, ExitCode.internal);
  }
}

/**
 * Types an unexpected error of an operation: graft's own errors stay as they are, a failed system call (it has an
 * errno code: ENOSPC, EACCES…) is a failure of the operation (exit 1), anything else is a bug (exit 70).
 */
export function toGraftError(error: unknown, context: string, suffix = ""): GraftError {
  if (error instanceof GraftError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof (error as NodeJS.ErrnoException | undefined)?.code === "string")
    return new CheckFailedError(`${context}: ${message}${suffix}`);
  return new InternalError(`${context}: internal error: ${message}${suffix} (please report this as a bug of graft)`);
}

/** True for errors graft raised on purpose (as opposed to bugs). */
export function isGraftError(error: unknown): error is GraftError {
  return error instanceof GraftError;
}
