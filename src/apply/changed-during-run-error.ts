import { RefusedError } from "../shared/errors.js";

/** Files someone else wrote while the run was replacing them; their bytes are kept (see checkKeptOriginals). */
export class ChangedDuringRunError extends RefusedError {
  /** `what` the run was doing to the files: "replacing", "applying edits to". */
  constructor(
    readonly paths: readonly string[],
    what: string,
  ) {
    const them = paths.length > 1 ? "them" : "it";
    super(
      `${paths.join(", ")} changed while the run was ${what} ${them} (another program wrote to ${them} at the same time)`,
    );
  }
}
