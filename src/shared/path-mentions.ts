import path from "node:path";

/** One place a text names a path that a move relocates (or seems to, for a near miss). */
export interface PathMention {
  /** UTF-16 range of the text to replace (the part of the path that changes). */
  start: number;
  end: number;
  /** The text in that range now. */
  before: string;
  /** Its replacement; absent for a near miss. */
  after?: string;
  /** The root-relative path the whole token names (for a near miss, the token as written). */
  path: string;
  /** Where the whole path token starts (for listing a mention where a reader sees it). */
  tokenStart: number;
}

/** Where a text sits and what moves: paths are root-relative POSIX. */
export interface PathMentionContext {
  /** The file holding the text: paths without `/` at the start are relative to its folder or to the root. */
  file: string;
  moves: readonly { from: string; to: string }[];
  /** True when a root-relative path is a file or folder before the moves. */
  exists(path: string): boolean;
  /** More folders a bare path may be relative to, after the file's folder and before the root (Python roots). */
  bases?: readonly string[];
  /** Every path is relative to the file's folder (package.json fields, tsconfig entries). */
  fileRelativeOnly?: boolean;
}

// Characters that end a path token in configs, scripts, docs and code: quotes, brackets, separators of lists and commands.
const separator = /[\s"'`()[\]{};=<>|&#,\\]/;
/** A token: a run of anything but those separators (the same class). */
const tokenPattern = /[^\s"'`()[\]{};=<>|&#,\\]+/g;

/**
 * The tokens of `text` (maximal runs of characters that are not separators) that hold one of `needles`, by start:
 * found around the needles' places rather than by cutting the whole text into tokens (docs mention a moved folder's
 * name in a few places among thousands of words). A needle holding a separator is in no token.
 */
export function tokensHolding(text: string, needles: readonly string[]): [number, string][] {
  // An empty needle is in every token.
  if (needles.includes("")) return [...text.matchAll(tokenPattern)].map((match) => [match.index, match[0]]);
  const tokens = new Map<number, string>();
  for (const needle of needles) {
    if (separator.test(needle)) continue;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      let start = at;
      while (start > 0 && !separator.test(text[start - 1]!)) start--;
      if (tokens.has(start)) continue;
      let end = at + needle.length;
      while (end < text.length && !separator.test(text[end]!)) end++;
      tokens.set(start, text.slice(start, end));
    }
  }
  return [...tokens].sort((a, b) => a[0] - b[0]);
}

const globChars = /[*?{}[\]!]/;

/**
 * Finds the paths a text names that lie in a moved folder or name a moved file, as whole path segments (`src/` inside
 * `dist/src/` is not the moved `src/`). A path is read as written: `./x` and `../x` relative to the file that holds it;
 * a bare `x/y` relative to the file's folder when its first segment exists there, else to each base, else to the root;
 * `/abs/…` by its tail (a root mounted anywhere, as in a Dockerfile); jest's `<rootDir>/x` relative to the file. A bare
 * one-segment word is a path only when it is a whole string (`isWholeString`) or carries `./`. Tokens that hold a moved
 * path's segments but name something else are returned without `after` (near misses, for reporting).
 */
export function findPathMentions(
  text: string,
  context: PathMentionContext,
  range: { start: number; end: number; isWholeString?: boolean } = { start: 0, end: text.length },
): PathMention[] {
  const found: PathMention[] = [];
  const slice = text.slice(range.start, range.end);
  const needles = context.moves.map((move) => lastSegment(move.from));
  if (!needles.some((needle) => slice.includes(needle))) return found;
  for (const [at, whole] of tokensHolding(slice, needles)) {
    let token = whole;
    let start = range.start + at;
    // A trailing `.` or `:` ends a sentence or a YAML key, not the path.
    const trimmed = token.replace(/(?<=[^.])[.:]+$/, "");
    token = trimmed === "" ? token : trimmed;
    if (token.includes("://")) continue;
    if (token.startsWith("!")) {
      token = token.slice(1);
      start += 1;
    }
    const isWholeString = range.isWholeString === true && start === range.start && start + token.length === range.end;
    const mention = interpret(token, start, text, context, isWholeString);
    if (mention) found.push(mention);
  }
  return found;
}

function interpret(
  token: string,
  start: number,
  text: string,
  context: PathMentionContext,
  isWholeString: boolean,
): PathMention | undefined {
  const folder = parentOf(context.file);
  let written = token;
  let offset = 0;
  if (written.startsWith("/") && text.slice(Math.max(0, start - 9), start) === "<rootDir>") {
    // jest: `<rootDir>/src` is relative to the config's folder.
    written = written.slice(1);
    offset = 1;
  } else if (written.startsWith("/")) return interpretAbsolute(token, start, context);
  const isExplicit = written === "." || written === ".." || written.startsWith("./") || written.startsWith("../");
  const firstSegment = written.replace(/^(\.\/)+/, "").split("/")[0] ?? "";
  if (!isExplicit && !written.includes("/") && !isWholeString) return nearMiss(token, start, context);
  if (!isExplicit && (firstSegment === "" || globChars.test(firstSegment))) return nearMiss(token, start, context);
  let base: string | undefined;
  if (isExplicit || offset === 1 || context.fileRelativeOnly) base = folder;
  else {
    const bases = [...new Set([folder, ...(context.bases ?? []), ""])];
    base = bases.find((candidate) => context.exists(join(candidate, firstSegment)));
  }
  if (base === undefined) return nearMiss(token, start, context);
  const named = join(base, written);
  if (named.startsWith("../") || named === "..") return undefined;
  for (const move of context.moves) {
    if (named !== move.from && !named.startsWith(move.from + "/")) continue;
    const moved = move.to + named.slice(move.from.length);
    let next = path.posix.relative(base, moved) || ".";
    if (written.startsWith("./") && !next.startsWith("../") && next !== ".") next = `./${next}`;
    if (written.endsWith("/") && !next.endsWith("/")) next += "/";
    const mention = narrowed(written, next, start + offset, named);
    return mention && { ...mention, tokenStart: start };
  }
  return nearMiss(token, start, context);
}

/** `/app/pkg/mod/x`: the root may be mounted anywhere, so a moved path counts after any `/` when it has two segments. */
function interpretAbsolute(token: string, start: number, context: PathMentionContext): PathMention | undefined {
  for (const move of context.moves) {
    if (!move.from.includes("/")) continue;
    const at = `${token}/`.indexOf(`/${move.from}/`);
    if (at < 0) continue;
    const from = start + at + 1;
    return {
      start: from,
      end: from + move.from.length,
      before: move.from,
      after: move.to,
      path: token,
      tokenStart: start,
    };
  }
  return undefined;
}

/** A token holding a moved path's segments in the middle (`dist/src/*`): not the moved path, but worth a look. */
function nearMiss(token: string, start: number, context: PathMentionContext): PathMention | undefined {
  const padded = `/${token.replace(/^(\.\/)+/, "")}/`;
  const hit = context.moves.some((move) =>
    move.from.includes("/") ? padded.includes(`/${move.from}/`) : padded.slice(1).includes(`/${move.from}/`),
  );
  return hit ? { start, end: start + token.length, before: token, path: token, tokenStart: start } : undefined;
}

/** The smallest edit turning `written` into `next` (common prefix and suffix kept), at `start` in the text. */
function narrowed(
  written: string,
  next: string,
  start: number,
  named: string,
): Omit<PathMention, "tokenStart"> | undefined {
  if (written === next) return undefined;
  let head = 0;
  while (head < written.length && head < next.length && written[head] === next[head]) head++;
  // Cut at a segment boundary, so the edit reads as a path change.
  head = written.lastIndexOf("/", head - 1) + 1;
  let tail = 0;
  while (
    tail < written.length - head &&
    tail < next.length - head &&
    written[written.length - 1 - tail] === next[next.length - 1 - tail]
  )
    tail++;
  const keptTail = written.length - tail;
  const slash = written.indexOf("/", keptTail);
  const end = tail === 0 ? written.length : slash < 0 ? written.length : slash;
  const after = next.slice(head, next.length - (written.length - end));
  return { start: start + head, end: start + end, before: written.slice(head, end), after, path: named };
}

function join(base: string, relative: string): string {
  const joined = path.posix.normalize(path.posix.join(base, relative));
  const trimmed = joined.endsWith("/") ? joined.slice(0, -1) : joined;
  return trimmed === "." ? "" : trimmed;
}

function parentOf(file: string): string {
  const folder = path.posix.dirname(file);
  return folder === "." ? "" : folder;
}

function lastSegment(relative: string): string {
  return relative.slice(relative.lastIndexOf("/") + 1);
}
