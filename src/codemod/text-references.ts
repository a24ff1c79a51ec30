import { type Node as JsonNode, parseTree } from "jsonc-parser";
import picomatch from "picomatch";
import { createByteOffsetMap, type Edit } from "../model/edit.js";
import { findPathMentions, type PathMentionContext } from "../shared/path-mentions.js";
import { findSpecifiers } from "../lang/typescript/find-specifiers.js";
import { scanStringsAndComments } from "../lang/typescript/scan-literals.js";
import { isScriptFile } from "../lang/typescript/script-files.js";
import type { MoveRewriteContext, MoveRewriteResult, MoveRewriter, ReportedReference } from "../model/move-rewriter.js";
import { moduleNameOf, normalizeRoots } from "../lang/python/module-index.js";
import { normalizeMoves } from "../lang/python/rename-modules.js";

/** One spelling of a moved path and its replacement. */
export interface TextReferenceForm {
  kind: "dotted" | "path";
  from: string;
  to: string;
}

/** Files listed (not rewritten) when the manifest has no `references` section, so nobody is surprised. */
export const defaultReportGlobs = [
  "**/*.{md,rst,txt,yaml,yml,toml,cfg,ini,json,sh,bash,env}",
  "**/Dockerfile*",
  "**/Makefile",
  "**/Procfile",
];

/** Dotted and path spellings of every move (root-relative paths, paths under each python root, module names). */
export function textReferenceForms(
  moves: readonly { from: string; to: string }[],
  pythonRoots: readonly string[] | undefined,
): TextReferenceForm[] {
  const roots = normalizeRoots(pythonRoots);
  const forms: TextReferenceForm[] = [];
  const add = (form: TextReferenceForm) => {
    // A path without a slash is an ordinary word; only its folder spelling (`name/`) is safe to rewrite.
    if (form.kind === "path" && !form.from.includes("/")) form = { ...form, from: form.from + "/", to: form.to + "/" };
    if (form.from !== form.to && !forms.some((f) => f.kind === form.kind && f.from === form.from)) forms.push(form);
  };
  for (const move of normalizeMoves(moves)) {
    add({ kind: "path", from: move.from, to: move.to });
    const isFile = /\.pyi?$/.test(move.from);
    for (const root of roots) {
      if (root !== "" && move.from.startsWith(root + "/") && move.to.startsWith(root + "/")) {
        add({ kind: "path", from: move.from.slice(root.length + 1), to: move.to.slice(root.length + 1) });
      }
    }
    const oldName = moduleNameOf(move.from, roots, !isFile);
    const newName = moduleNameOf(move.to, roots, !isFile, oldName?.rootIndex ?? 0);
    // A one-part dotted name is an ordinary word; only dotted names with a dot are safe to rewrite as text.
    if (oldName && newName && oldName.name.includes(".")) add({ kind: "dotted", from: oldName.name, to: newName.name });
  }
  // Longest first, so `a.b.c` wins over `a.b` at the same place.
  return forms.sort((a, b) => b.from.length - a.from.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** One regular expression over all forms: dotted names bounded like identifiers, paths bounded like path segments. */
function formsPattern(forms: readonly TextReferenceForm[]): RegExp {
  const alternatives = forms.map((form) =>
    form.kind === "dotted"
      ? `(?<![A-Za-z0-9_.])${escapeRegExp(form.from)}(?![A-Za-z0-9_])`
      : `(?<![A-Za-z0-9_.-])${escapeRegExp(form.from)}(?![A-Za-z0-9_-]|\\.[A-Za-z0-9_])`,
  );
  return new RegExp(alternatives.join("|"), "g");
}

/** Finds every occurrence of a form in `text` (UTF-16 index, matched form). */
export function findTextReferences(
  text: string,
  forms: readonly TextReferenceForm[],
): { index: number; form: TextReferenceForm }[] {
  if (forms.length === 0) return [];
  const byText = new Map(forms.map((form) => [form.from, form]));
  const found: { index: number; form: TextReferenceForm }[] = [];
  for (const match of text.matchAll(formsPattern(forms))) {
    const form = byText.get(match[0]);
    if (form && match.index !== undefined) found.push({ index: match.index, form });
  }
  return found;
}

function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function lineColumnOf(text: string, index: number): { line: number; column: number; lineText: string } {
  const lineStart = text.lastIndexOf("\n", index - 1) + 1;
  const lineEnd = text.indexOf("\n", index);
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return {
    line,
    column: index - lineStart + 1,
    lineText: text
      .slice(lineStart, lineEnd < 0 ? text.length : lineEnd)
      .trim()
      .slice(0, 200),
  };
}

/** One place a file names a moved path or module: rewritten when `after` is set and the file is opted in, else listed. */
interface TextHit {
  /** Where a listing points (the start of the whole path or name). */
  at: number;
  start: number;
  end: number;
  before: string;
  after?: string;
}

/**
 * Plans text-reference edits (files matching `references.rewrite`) and lists `references.report` matches. Paths are
 * matched by whole segments and read relative to the file holding them (see findPathMentions); in JSON only string
 * values count, each as a whole string; in scripts only string literals are rewritten (import specifiers are the
 * import rewriter's) and mentions in comments are listed. Paths that hold a moved path's segments but name something
 * else (`dist/src` for a moved `src`) are listed, never rewritten.
 */
export function planTextReferenceEdits(context: MoveRewriteContext): MoveRewriteResult {
  const result: MoveRewriteResult = { edits: [], reported: [], warnings: [] };
  const references = context.manifest.references;
  const rewriteGlobs = references?.rewrite ?? [];
  const reportGlobs = references ? references.report : defaultReportGlobs;
  if (context.moves.length === 0 || rewriteGlobs.length + reportGlobs.length === 0) return result;
  const forms = textReferenceForms(context.moves, context.manifest.python?.roots);
  if (forms.length === 0) return result;
  const dotted = forms.filter((form) => form.kind === "dotted");
  const moves = normalizeMoves(context.moves);
  const roots = normalizeRoots(context.manifest.python?.roots).filter((root) => root !== "");
  const isRewrite = rewriteGlobs.length > 0 ? picomatch(rewriteGlobs, { dot: true }) : () => false;
  const isReport = reportGlobs.length > 0 ? picomatch(reportGlobs, { dot: true }) : () => false;
  const needles = [
    ...new Set([...dotted.map((form) => form.from), ...moves.map((move) => lastSegment(move.from))]),
  ].map((needle) => Buffer.from(needle, "utf8"));
  const folders = new Set<string>();
  for (const file of context.files)
    for (let slash = file.indexOf("/"); slash > 0; slash = file.indexOf("/", slash + 1))
      folders.add(file.slice(0, slash));
  const files = new Set(context.files);
  const exists = (relative: string) => files.has(relative) || folders.has(relative);
  const skippedPython: string[] = [];
  for (const file of context.files) {
    const rewrite = isRewrite(file);
    if (!rewrite && !isReport(file)) continue;
    if (rewrite && /\.pyi?$/.test(file)) {
      // Python sources belong to the import rewriter; text edits there would overlap its edits.
      skippedPython.push(file);
      continue;
    }
    const bytes = context.readFile(file);
    if (!needles.some((needle) => bytes.includes(needle))) continue;
    const text = decodeText(bytes);
    if (text === undefined) continue;
    const hits = findHits(text, file, dotted, { file, moves, exists, bases: roots });
    const toByte = createByteOffsetMap(text);
    for (const hit of hits) {
      if (rewrite && hit.after !== undefined) {
        result.edits.push({
          file,
          start: toByte(hit.start),
          end: toByte(hit.end),
          text: hit.after,
          kind: "text-reference",
          before: hit.before,
        } satisfies Edit);
      } else {
        const where = lineColumnOf(text, hit.at);
        // One listing per line: the line is what a reader checks.
        const last = result.reported[result.reported.length - 1];
        if (last?.path === file && last.line === where.line) continue;
        result.reported.push({
          path: file,
          line: where.line,
          column: where.column,
          text: where.lineText,
        } satisfies ReportedReference);
      }
    }
  }
  if (skippedPython.length > 0) {
    result.warnings.push(
      `references.rewrite matches ${skippedPython.length} Python file(s) (e.g. ${skippedPython[0]}); their imports are rewritten by the Python rewriter, not as text`,
    );
  }
  return result;
}

/** Dotted names and path mentions of one file, in text order, overlapping ones dropped (the first wins). */
function findHits(
  text: string,
  file: string,
  dotted: readonly TextReferenceForm[],
  mentions: PathMentionContext,
): TextHit[] {
  const hits: TextHit[] = [];
  const ranges = rangesOf(text, file);
  for (const { start, end, isWholeString, isComment } of ranges) {
    const part = text.slice(start, end);
    for (const { index, form } of findTextReferences(part, dotted))
      hits.push({
        at: start + index,
        start: start + index,
        end: start + index + form.from.length,
        before: form.from,
        after: isComment ? undefined : form.to,
      });
    for (const mention of findPathMentions(text, mentions, { start, end, isWholeString }))
      hits.push({
        at: mention.tokenStart,
        start: mention.start,
        end: mention.end,
        before: mention.before,
        after: isComment ? undefined : mention.after,
      });
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: TextHit[] = [];
  for (const hit of hits) if (kept.length === 0 || hit.start >= kept[kept.length - 1]!.end) kept.push(hit);
  return kept;
}

/** The parts of a file paths are looked for in: JSON string values, script strings and comments, or the whole text. */
function rangesOf(
  text: string,
  file: string,
): { start: number; end: number; isWholeString?: boolean; isComment?: boolean }[] {
  if (/\.jsonc?$/.test(file)) {
    const tree = parseTree(text, [], { allowTrailingComma: true });
    if (tree)
      return jsonStrings(tree).map((node) => ({
        start: node.offset + 1,
        end: node.offset + node.length - 1,
        isWholeString: true,
      }));
  }
  if (isScriptFile(file)) {
    const scanned = scanStringsAndComments(text, file);
    // Specifier offsets are bytes; string ranges are UTF-16 indexes.
    const toByte = createByteOffsetMap(text);
    const specifiers = new Set(findSpecifiers(text, file).map((specifier) => specifier.start));
    const isSpecifier = (range: { start: number }) => specifiers.has(toByte(range.start));
    return [
      ...scanned.strings.filter((range) => !isSpecifier(range)).map((range) => ({ ...range, isWholeString: true })),
      ...scanned.comments.map((range) => ({ ...range, isComment: true })),
    ];
  }
  return [{ start: 0, end: text.length }];
}

function jsonStrings(node: JsonNode): JsonNode[] {
  if (node.type === "string") return [node];
  if (node.type === "array") return (node.children ?? []).flatMap(jsonStrings);
  if (node.type === "object")
    return (node.children ?? []).flatMap((property) =>
      property.children?.[1] ? jsonStrings(property.children[1]) : [],
    );
  return [];
}

function lastSegment(relative: string): string {
  return relative.slice(relative.lastIndexOf("/") + 1);
}

/** Rewrites dotted and path spellings of moved folders in configs, docs and scripts the manifest opts in. */
export const textReferenceRewriter: MoveRewriter = {
  name: "text-references",
  description:
    "Rewrites dotted (a.b.c) and path (a/b/c/) references to moved folders in files matching references.rewrite; lists references.report matches",
  planEdits: planTextReferenceEdits,
};
