import picomatch from "picomatch";
import type { Edit } from "../model/edit.js";
import { chooseParser, type ParserName, type ParserSpec } from "./choose-parser.js";
import { loadCustomTransform } from "./custom-transform-load.js";
import type {
  TransformApi,
  TransformFileStatus,
  TransformFunction,
  TransformReport,
} from "./custom-transform-types.js";

/** What a custom codemod step needs: the tree (read through the caller, so the plan pins what was read) and the step. */
export interface CustomCodemodInput {
  root: string;
  /** Every file under root (root-relative POSIX). */
  files: readonly string[];
  readFile(path: string): Buffer;
  /** Built-in codemod name, a transform file/folder path relative to root, or an npm package installed for root. */
  transform: string;
  /** Globs (root-relative) selecting the files to run over. */
  globs: readonly string[];
  options?: Record<string, unknown>;
  /** The step's `parser:`, used when the transform exports none (else each file's extension decides). */
  parser?: ParserName;
}

/** Edits, per-file statuses, reports and stats of one run of a transform. */
export interface CustomCodemodResult {
  name: string;
  edits: Edit[];
  statuses: TransformFileStatus[];
  /** `api.report` lines, in file order. */
  reports: TransformReport[];
  /** `api.stats` counts summed over the files. */
  stats: Record<string, number>;
  warnings: string[];
  /** The parser every file was parsed with (the transform's, else the step's); absent when each file's extension chose. */
  parser?: ParserSpec;
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
    ...(loaded.parser !== undefined ? { parser: loaded.parser } : {}),
    ...(input.parser !== undefined ? { stepParser: input.parser } : {}),
    name: loaded.name,
  });
  if (files.length === 0) result.warnings.push(`codemod ${loaded.name}: no file matches ${input.globs.join(", ")}`);
  return result;
}

/**
 * Runs `transform` over `files` like jscodeshift's Worker: every file is tried (a throw marks that file "error" and
 * the run goes on), `api.report` and `api.stats` are collected, and each changed file becomes one edit spanning its
 * changed bytes. The parser is the transform's `parser`, else the step's, else each file's extension (ts, tsx, babel).
 */
export async function runTransform(input: {
  root: string;
  files: readonly string[];
  readFile(path: string): Buffer;
  transform: TransformFunction;
  /** The parser the transform exports. */
  parser?: ParserSpec;
  /** The step's `parser:`. */
  stepParser?: ParserName;
  name: string;
  options?: Record<string, unknown>;
}): Promise<CustomCodemodResult> {
  const jscodeshift = (await import("jscodeshift")).default;
  const bound = new Map<ParserSpec, unknown>();
  const result: CustomCodemodResult = {
    name: input.name,
    edits: [],
    statuses: [],
    reports: [],
    stats: {},
    warnings: [],
  };
  const fixed = input.parser ?? input.stepParser;
  if (fixed !== undefined) result.parser = fixed;
  for (const file of input.files) {
    const parser = chooseParser(file, input.parser, input.stepParser);
    const j = bound.get(parser) ?? bound.set(parser, jscodeshift.withParser(parser as never)).get(parser);
    const api: TransformApi = {
      jscodeshift: j,
      j,
      stats: (name, quantity = 1) => {
        result.stats[name] = (result.stats[name] ?? 0) + (typeof quantity === "number" ? quantity : 1);
      },
      report: (message) => {
        result.reports.push({ file, message: String(message) });
      },
    };
    try {
      const source = input.readFile(file).toString("utf8");
      const output: unknown = await input.transform({ path: file, source }, api, { ...input.options });
      if (output !== null && output !== undefined && typeof output !== "string")
        throw new TypeError(`transform returned ${typeof output}, not a string`);
      if (!output) result.statuses.push({ file, status: "skipped" });
      else if (output === source) result.statuses.push({ file, status: "unchanged" });
      else {
        result.edits.push(editBetween(file, source, output, `codemod:${input.name}`));
        result.statuses.push({ file, status: "ok" });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result.statuses.push({ file, status: "error", error: message.replace(/\s*\n\s*/g, " ") });
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
