import path from "node:path";
import { fileURLToPath } from "node:url";
import { copyFixtureToTemp } from "../../src/shared/copy-tree.js";

/** Absolute path of the repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Copies `fixtures/<name>` to a fresh temp folder (symlinks kept as links) and recreates the empty folders git cannot store. */
export async function copyFixture(name: string): Promise<string> {
  return copyFixtureToTemp(path.join(repoRoot, "fixtures", name), `graft-${name.replace(/\W+/g, "-")}-`);
}
