import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** Writes a user-requested output file (plan, patch, report) atomically: temp file + rename. */
export async function writeOutputFile(file: string, content: string | Buffer): Promise<void> {
  const absolute = path.resolve(file);
  await mkdir(path.dirname(absolute), { recursive: true });
  const temp = `${absolute}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, absolute);
}
