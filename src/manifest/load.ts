import path from "node:path";
import { parse as parseJson, printParseErrorCode, type ParseError } from "jsonc-parser";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { InvalidInputError } from "../shared/errors.js";
import { sha256Hex } from "../shared/hash.js";
import { readInputFile } from "../shared/read-file.js";
import { manifestSchema } from "../model/manifest-schema.js";
import { checkManifestPaths } from "./check-paths.js";
import { manifestError, type ManifestSource } from "./source-map.js";
import type { Manifest } from "../model/manifest.js";

export type { ManifestSource } from "./source-map.js";

/** Options of loadManifest. */
export interface LoadManifestOptions {
  /** Require every move's `from` to exist (default true); verify reads a manifest after apply, when they are gone. */
  requireSources?: boolean;
}

/** Loads, parses and validates a manifest (YAML or JSON); throws InvalidInputError `file:line:col: field: reason`. */
export async function loadManifest(file: string, options: LoadManifestOptions = {}): Promise<Manifest> {
  const absolute = path.resolve(file);
  return loadManifestBytes(absolute, await readInputFile(absolute), options);
}

/**
 * Loads a manifest that has no file of its own (`graft mv` builds one): `file` names it in messages and is the
 * place `root` is relative to; the text is kept in the manifest so run records can show what ran.
 */
export async function loadManifestText(
  file: string,
  text: string,
  options: LoadManifestOptions = {},
): Promise<Manifest> {
  return { ...(await loadManifestBytes(path.resolve(file), Buffer.from(text, "utf8"), options)), text };
}

async function loadManifestBytes(absolute: string, bytes: Buffer, options: LoadManifestOptions): Promise<Manifest> {
  const source = parseManifestText(absolute, bytes.toString("utf8"));
  const data = validateManifestData(source);
  const { root, moves, steps } = await checkManifestPaths(source, data, options.requireSources ?? true);
  return { path: absolute, sha256: sha256Hex(bytes), root, data: { ...data, moves, ...(steps ? { steps } : {}) } };
}

/** Parses manifest text; JSON files get JSON syntax checking, everything else YAML. */
export function parseManifestText(file: string, text: string): ManifestSource {
  const lineCounter = new LineCounter();
  if (file.endsWith(".json")) checkJsonSyntax(file, text);
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new InvalidInputError(`${file}:${pos.line}:${pos.col}: syntax error: ${first.message.split("\n")[0]}`);
  }
  return { file, doc, lineCounter };
}

/** Validates the parsed document against the zod schema and returns the typed data. */
export function validateManifestData(source: ManifestSource): z.output<typeof manifestSchema> {
  const value: unknown = source.doc.toJS();
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidInputError(`${source.file}:1:1: (manifest): must be a mapping with version, name and moves`);
  }
  const result = manifestSchema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw manifestError(
    source,
    issue.path,
    describeIssue(issue),
    issue.code === "unrecognized_keys" ? issue.keys[0] : undefined,
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.length === 1 ? "unknown key" : `unknown keys (${issue.keys.join(", ")})`;
    case "invalid_type":
      return issue.input === undefined
        ? "is required"
        : `expected ${issue.expected}, got ${describeValue(issue.input)}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_union":
      return "does not match any allowed form";
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function checkJsonSyntax(file: string, text: string): void {
  const errors: ParseError[] = [];
  parseJson(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return;
  const before = text.slice(0, first.offset).split("\n");
  const line = before.length;
  const col = before[before.length - 1]!.length + 1;
  const reason = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  throw new InvalidInputError(`${file}:${line}:${col}: syntax error: ${reason}`);
}
