import { mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** Values substituted into `run` and output file names. */
export interface Placeholders {
  input: string | null;
  tree: string;
  workdir: string;
}

/**
 * A fresh temp folder for one side's run: every top-level entry of `tree` is linked in, so commands
 * written relative to the project root work, while files written at the top level stay in the folder.
 * Entries named like a declared output are not linked, so a run never writes through into the tree.
 */
export async function createWorkingFolder(tree: string, label: string, outputNames: string[]): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), `graft-equiv-${label.replace(/[^\w.-]+/g, "_").slice(0, 40)}-`));
  const reserved = new Set(outputNames.map((name) => name.split("/")[0]));
  for (const name of await readdir(tree)) {
    if (name === ".graft" || name === ".git" || reserved.has(name)) continue;
    await symlink(path.join(tree, name), path.join(folder, name));
  }
  return folder;
}

/** Removes a temp folder made by graft (links only; the tree they point to is untouched). */
export async function removeWorkingFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}

/** Replaces {input} {input_stem} {input_name} {tree} {workdir}; shell-quotes values when `forShell`. */
export function fillPlaceholders(template: string, values: Placeholders, forShell: boolean): string {
  const name = values.input === null ? "" : path.basename(values.input);
  const stem = name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : name;
  const table: Record<string, string> = {
    input: values.input ?? "",
    input_stem: stem,
    input_name: name,
    tree: values.tree,
    workdir: values.workdir,
  };
  return template.replace(/\{(input|input_stem|input_name|tree|workdir)\}/g, (_match, key: string) =>
    forShell ? quoteForShell(table[key]) : table[key],
  );
}

function quoteForShell(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
