import { isMap, isPair, isScalar, isSeq, type LineCounter, type Document, type Node } from "yaml";
import { InvalidInputError } from "../shared/errors.js";

/** A parsed manifest document with what is needed to point at its lines. */
export interface ManifestSource {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
}

/** Finds line:col (1-based) of a value path in a parsed YAML/JSON document; falls back to the nearest existing parent. */
export function locatePath(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  options: { key?: boolean } = {},
): { line: number; col: number } {
  let node: unknown = doc.contents;
  let best: Node | null = (doc.contents as Node | null) ?? null;
  let keyNode: Node | null = null;
  for (const segment of path) {
    keyNode = null;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
    } else {
      break;
    }
    if (node && typeof node === "object" && "range" in node) best = node as Node;
    else if (keyNode) best = keyNode;
  }
  const target = options.key && keyNode ? keyNode : best;
  const offset = target?.range?.[0] ?? 0;
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, col: pos.col };
}

/** Locates the key `key` of the mapping at `path` (for unknown-key errors). */
export function locateKey(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  key: string,
): { line: number; col: number } {
  return locatePath(doc, lineCounter, [...path, key], { key: true });
}

/** Formats a manifest path like `moves[0].to`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out === "" ? "(manifest)" : out;
}

/** Builds the one-line error for a field of the manifest. */
export function manifestError(
  source: ManifestSource,
  fieldPath: readonly PropertyKey[],
  reason: string,
  unknownKey?: string,
): InvalidInputError {
  const pos = unknownKey
    ? locateKey(source.doc, source.lineCounter, fieldPath, unknownKey)
    : locatePath(source.doc, source.lineCounter, fieldPath);
  const field = formatFieldPath(unknownKey ? [...fieldPath, unknownKey] : fieldPath);
  return new InvalidInputError(`${source.file}:${pos.line}:${pos.col}: ${field}: ${reason}`);
}
