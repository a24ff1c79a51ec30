import { cp, mkdir, mkdtemp, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Copies a bundled fixture folder to a new temp folder, keeping symlinks as links and recreating the empty folders listed in its fixture.json (git cannot store them). */
export async function copyFixtureToTemp(source: string, prefix: string): Promise<string> {
  const dest = await mkdtemp(path.join(os.tmpdir(), prefix));
  await cp(source, dest, { recursive: true, verbatimSymlinks: true });
  const extras = path.join(source, "fixture.json");
  if (existsSync(extras)) {
    const { emptyDirs = [] } = JSON.parse(await readFile(extras, "utf8")) as { emptyDirs?: string[] };
    for (const dir of emptyDirs) await mkdir(path.join(dest, dir), { recursive: true });
  }
  return dest;
}
