import path from "node:path";
import { stringify } from "yaml";
import { loadManifest, loadManifestText } from "../manifest/load.js";
import type { Manifest } from "../model/manifest.js";
import type { ManifestData } from "../model/manifest-schema.js";
import { InvalidInputError } from "../shared/errors.js";
import { isSameOrInside } from "../shared/paths.js";
import { detectProjectLayout, findManifestFile, findProjectRoot } from "./find-project.js";

/** A one-off move: two paths as the user typed them, relative to the folder the command runs in. */
export interface MoveRequest {
  cwd: string;
  from: string;
  to: string;
}

/** The settings a one-off move takes from the project's graft.yaml: everything but what to migrate. */
const inheritedKeys = [
  "include",
  "exclude",
  "conflicts",
  "typescript",
  "python",
  "imports",
  "references",
  "verify",
] as const;

/**
 * The manifest of `graft mv <from> <to>`: the project's `graft.yaml` settings when there is one (found in the
 * folder or above it, up to the git root), else what the project's files say (tsconfig, Python layout), with one
 * move. It is validated like any manifest and keeps its text, so the run record shows exactly what ran.
 */
export async function buildMoveManifest(request: MoveRequest): Promise<Manifest> {
  const manifestFile = findManifestFile(request.cwd);
  const base = manifestFile ? await loadManifest(manifestFile, { requireSources: false }) : undefined;
  const root = base?.root ?? findProjectRoot(request.cwd);
  const rel = (field: "from" | "to") => {
    const absolute = path.resolve(request.cwd, request[field]);
    if (!isSameOrInside(absolute, root) || absolute === root)
      throw new InvalidInputError(`graft mv: ${field} ${request[field]}: must be inside the project (${root})`);
    return path.relative(root, absolute).split(path.sep).join("/");
  };
  const from = rel("from");
  const to = rel("to");
  const data: Record<string, unknown> = {
    version: 1,
    name: `mv ${from} ${to}`,
    root: ".",
    moves: [{ from, to }],
    ...(base ? inheritSettings(base.data) : detectedSettings(root)),
  };
  const file = path.join(root, "(graft mv)");
  try {
    return await loadManifestText(file, stringify(data, { lineWidth: 0 }));
  } catch (error) {
    // The manifest is graft's own: name the argument at fault, not a line of text the user never saw.
    if (error instanceof InvalidInputError) {
      const field = error.message.match(/^.*?:\d+:\d+: moves\[0\]\.(from|to): (.*)$/);
      if (field)
        throw new InvalidInputError(`graft mv: ${field[1]} ${request[field[1] as "from" | "to"]}: ${field[2]}`);
      throw new InvalidInputError(error.message.replace(`${file}:`, "graft mv: "));
    }
    throw error;
  }
}

function inheritSettings(data: ManifestData): Partial<ManifestData> {
  return Object.fromEntries(inheritedKeys.filter((key) => data[key] !== undefined).map((key) => [key, data[key]]));
}

function detectedSettings(root: string): Partial<ManifestData> {
  const layout = detectProjectLayout(root);
  return {
    ...(layout.tsconfig ? { typescript: { tsconfig: layout.tsconfig } } : {}),
    ...(layout.pythonRoots ? { python: { roots: layout.pythonRoots } } : {}),
  };
}
