import path from "node:path";
import { parse as parseJson, printParseErrorCode, type ParseError } from "jsonc-parser";
import { isCollection, isMap, isScalar, LineCounter, parseDocument, visit } from "yaml";
import type * as z from "zod";
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

/** The largest manifest graft reads: a manifest is a short text file, and parsing is bounded by its size. */
export const maxManifestBytes = 1024 * 1024;
/** How deep mappings and lists may nest (a real manifest needs five or six levels). */
export const maxManifestDepth = 64;

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
  if (bytes.length > maxManifestBytes)
    throw new InvalidInputError(
      `${absolute}: larger than ${maxManifestBytes / 1024 / 1024} MiB (${bytes.length} bytes); a manifest is a short text file`,
    );
  const source = parseManifestText(absolute, bytes.toString("utf8"));
  const data = validateManifestData(source);
  const { root, moves, steps } = await checkManifestPaths(source, data, options.requireSources ?? true);
  return { path: absolute, sha256: sha256Hex(bytes), root, data: { ...data, moves, ...(steps ? { steps } : {}) } };
}

/** Parses manifest text; JSON files get JSON syntax checking, everything else YAML. A byte-order mark is skipped. */
export function parseManifestText(file: string, raw: string): ManifestSource {
  const text = raw.startsWith("\uFEFF") ? raw.slice(1) : raw;
  const lineCounter = new LineCounter();
  const fail = (offset: number, reason: string) => {
    const pos = lineCounter.linePos(offset);
    return new InvalidInputError(`${file}:${pos.line}:${pos.col}: ${reason}`);
  };
  if (file.endsWith(".json")) checkJsonSyntax(file, text);
  let doc: ReturnType<typeof parseDocument>;
  try {
    // Duplicate keys are found below in one pass: the parser's own check compares every pair of keys.
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  } catch (error) {
    throw fail(0, `syntax error: ${describeParseFailure(error)}`);
  }
  const first = doc.errors[0];
  if (first) throw fail(first.pos[0], `syntax error: ${first.message.split("\n")[0]}`);
  try {
    checkStructure(doc, fail);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw fail(0, `syntax error: ${describeParseFailure(error)}`);
  }
  return { file, doc, lineCounter };
}

/** Nesting depth and duplicate keys, in one walk of the document. */
function checkStructure(
  doc: ReturnType<typeof parseDocument>,
  fail: (offset: number, reason: string) => InvalidInputError,
): void {
  let problem: InvalidInputError | undefined;
  visit(doc, {
    Collection(_, node, ancestors) {
      const depth = ancestors.filter((a) => isCollection(a)).length;
      if (depth >= maxManifestDepth) {
        problem = fail(node.range?.[0] ?? 0, `syntax error: nested more than ${maxManifestDepth} levels deep`);
        return visit.BREAK;
      }
      if (!isMap(node)) return undefined;
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? `${typeof pair.key.value}:${String(pair.key.value)}` : String(pair.key);
        if (seen.has(key)) {
          const at = (pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
          problem = fail(
            at,
            `syntax error: map keys must be unique (${String(isScalar(pair.key) ? pair.key.value : pair.key)} appears twice)`,
          );
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  if (problem) throw problem;
}

function describeParseFailure(error: unknown): string {
  if (error instanceof RangeError) return `nested too deeply`;
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}

/** Validates the parsed document against the zod schema and returns the typed data. */
export function validateManifestData(source: ManifestSource): z.output<typeof manifestSchema> {
  let value: unknown;
  try {
    // An alias can be undefined or multiply into millions of nodes (yaml stops it at its alias-count guard).
    value = source.doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const reason = error instanceof RangeError ? "nested too deeply" : describeParseFailure(error);
    throw new InvalidInputError(`${source.file}:1:1: syntax error: ${reason}`);
  }
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
  const position = (offset: number) => {
    const before = text.slice(0, offset).split("\n");
    return `${before.length}:${before[before.length - 1]!.length + 1}`;
  };
  // jsonc-parser recurses once per level: a deep enough document overflows the stack, so depth is checked first.
  const deep = findTooDeep(text, maxManifestDepth);
  if (deep !== undefined)
    throw new InvalidInputError(
      `${file}:${position(deep)}: syntax error: nested more than ${maxManifestDepth} levels deep`,
    );
  const errors: ParseError[] = [];
  parseJson(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return;
  const reason = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  throw new InvalidInputError(`${file}:${position(first.offset)}: syntax error: ${reason}`);
}

/** Offset of the first bracket nested deeper than `limit` in JSON text (strings skipped), or undefined. */
function findTooDeep(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "[" || c === "{") {
      if (++depth > limit) return i;
    } else if (c === "]" || c === "}") depth--;
  }
  return undefined;
}
