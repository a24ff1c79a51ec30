import type { ParserSpec } from "./choose-parser.js";

/** The file a jscodeshift-style transform receives. */
export interface TransformFileInfo {
  /** Path of the file relative to the manifest root (POSIX), as jscodeshift passes the path it was given. */
  path: string;
  source: string;
}

/** The API object a jscodeshift-style transform receives (jscodeshift bound to the file's parser). */
export interface TransformApi {
  jscodeshift: unknown;
  j: unknown;
  /** Counts under `name` (by `quantity`, default 1); summed over the files and printed with the step. */
  stats: (name: string, quantity?: number) => void;
  /** A message about the file, printed with the file's path. */
  report: (message: string) => void;
}

/** A jscodeshift-compatible transform: returns the new source, or null/undefined/"" to skip the file. */
export type TransformFunction = ((
  file: TransformFileInfo,
  api: TransformApi,
  options: Record<string, unknown>,
) => unknown) & { parser?: unknown };

/** What happened to one file, as jscodeshift's Worker reports it. */
export interface TransformFileStatus {
  file: string;
  status: "ok" | "unchanged" | "skipped" | "error";
  error?: string;
}

/** A line a transform reported about a file through `api.report`. */
export interface TransformReport {
  file: string;
  message: string;
}

/** A built-in codemod: a plain object in codemods/registry.ts. */
export interface BuiltinCodemod {
  name: string;
  description: string;
  /** Loads the transform module (lazily: codemods pull in jscodeshift). */
  load(): Promise<{ default: unknown; parser?: ParserSpec }>;
}
