import { findManifestFile, InvalidInputError, manifestFileNames } from "../internal.js";

/** What the optional manifest argument of a command says in `--help`. */
export const manifestArgumentHelp = `manifest file (YAML or JSON; default: ${manifestFileNames[0]} here or in a folder above, up to the git root)`;

/** The manifest a command runs on: the one given, else graft.yaml (or .yml/.json) here or above, up to the git root. */
export function resolveManifestArgument(given: string | undefined): string {
  if (given !== undefined) return given;
  const found = findManifestFile(process.cwd());
  if (found === undefined)
    throw new InvalidInputError(
      `no manifest given and no ${manifestFileNames.join(", ")} in ${process.cwd()} or a folder above it (up to the git root); name one, or write one with graft init`,
    );
  return found;
}
