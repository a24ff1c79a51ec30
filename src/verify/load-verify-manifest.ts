import { createHash } from "node:crypto";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { parseManifestText, validateManifestData } from "../manifest/load.js";
import type { Manifest } from "../manifest/types.js";
import { InvalidInputError } from "../shared/errors.js";
import { readInputFile } from "../shared/read-file.js";

/**
 * Loads a manifest for checking the tree as it is now. Unlike loadManifest it does not require `moves[].from` to
 * exist: after `graft apply` they are gone, and that is exactly when verify runs.
 */
export async function loadManifestForVerify(file: string): Promise<Manifest> {
  const absolute = path.resolve(file);
  const bytes = await readInputFile(absolute);
  const data = validateManifestData(parseManifestText(absolute, bytes.toString("utf8")));
  const rootPath = path.resolve(path.dirname(absolute), data.root);
  let root: string;
  try {
    root = await realpath(rootPath);
  } catch {
    throw new InvalidInputError(`${absolute}: root: folder ${rootPath} does not exist`);
  }
  return { path: absolute, sha256: createHash("sha256").update(bytes).digest("hex"), root, data };
}
