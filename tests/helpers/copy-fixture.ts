import { cp, mkdir, mkdtemp, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Copies `fixtures/<name>` to a fresh temp folder (symlinks kept as links) and recreates the empty folders git cannot store. */
export async function copyFixture(name: string): Promise<string> {
  const source = path.join(repoRoot, "fixtures", name);
  const dest = await mkdtemp(path.join(os.tmpdir(), `graft-${name.replace(/\W+/g, "-")}-`));
  await cp(source, dest, { recursive: true, verbatimSymlinks: true });
  const extras = path.join(source, "fixture.json");
  if (existsSync(extras)) {
    const { emptyDirs = [] } = JSON.parse(await readFile(extras, "utf8")) as { emptyDirs?: string[] };
    for (const dir of emptyDirs) await mkdir(path.join(dest, dir), { recursive: true });
  }
  return dest;
}
