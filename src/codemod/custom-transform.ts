import path from "node:path";
import picomatch from "picomatch";
import type { Edit } from "../model/edit.js";
import { loadCustomTransform } from "./custom-transform-load.js";
import type { TransformApi, TransformFileStatus, TransformFunction } from "./custom-transform-types.js";

/** What a custom codemod step needs: the tree (read through the caller, so the plan pins what was read) and the step. */
export interface CustomCodemodInput {
  root: string;
  /** Every file under root (root-relative POSIX). */
  files: readonly string[];
  readFile(path: string): Buffer;
  /** Built-in codemod name, or a transform file/folder path relative to root. */
  transform: string;
  /** Globs (root-relative) selecting the files to run over. */
  globs: readonly string[];
  options?: Record<string, unknown>;
}

/** Edits and per-file statuses of one run of a transform. */
export interface CustomCodemodResult {
  name: string;
  edits: Edit[];
  statuses: TransformFileStatus[];
  warnings: string[];
}

/** Loads a jscodeshift-compatible transform and runs it over the files matching the globs (see runTransform). */
export async function runCustomCodemod(input: CustomCodemodInput): Promise<CustomCodemodResult> {
  const loaded = await loadCustomTransform(input.transform, input.root);
  const isSelected = picomatch([...input.globs], { dot: true });
  const files = input.files.filter((file) => isSelected(file));
  const result = await runTransform({
    ...input,
    files,
    transform: loaded.transform,
    parser: loaded.parser,
    name: loaded.name,
  });
  if (files.length === 0) result.warnings.push(`codemod ${loaded.name}: no file matches ${input.globs.join(", ")}`);
  return result;
}

/** Runs `transform` over `files` like jscodeshift's Worker; each changed file becomes one edit spanning its changed bytes. */
export async function runTransform(input: {
  root: string;
  files: readonly string[];
  readFile(path: string): Buffer;
  transform: TransformFunction;
  parser: string;
  name: string;
  options?: Record<string, unknown>;
}): Promise<CustomCodemodResult> {
  const jscodeshift = (await import("jscodeshift")).default;
  const j = jscodeshift.withParser(input.parser);
  const result: CustomCodemodResult = { name: input.name, edits: [], statuses: [], warnings: [] };
  for (const file of input.files) {
    const source = input.readFile(file).toString("utf8");
    const api: TransformApi = {
      jscodeshift: j,
      j,
      stats: () => {},
      report: (message) => result.warnings.push(`${file}: ${message}`),
    };
    try {
      const output: unknown = await input.transform({ path: path.join(input.root, file), source }, api, {
        ...input.options,
      });
      if (output !== null && output !== undefined && typeof output !== "string")
        throw new TypeError(`transform returned ${typeof output}, not a string`);
      if (!output) result.statuses.push({ file, status: "skipped" });
      else if (output === source) result.statuses.push({ file, status: "unchanged" });
      else {
        result.edits.push(editBetween(file, source, output, `codemod:${input.name}`));
        result.statuses.push({ file, status: "ok" });
      }
    } catch (error) {
      result.statuses.push({ file, status: "error", error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

/** One edit replacing only the span where `before` and `after` differ (so plans and patches stay small). */
export function editBetween(file: string, before: string, after: string, kind: string): Edit {
  let prefix = 0;
  const limit = Math.min(before.length, after.length);
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  // Never split a surrogate pair: the edit's text must be a whole string.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  const start = Buffer.byteLength(before.slice(0, prefix), "utf8");
  const end = Buffer.byteLength(before, "utf8") - Buffer.byteLength(before.slice(before.length - suffix), "utf8");
  return {
    file,
    start,
    end,
    text: after.slice(prefix, after.length - suffix),
    kind,
    before: before.slice(prefix, before.length - suffix),
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
