/**
 * Checks of a moved tree that do not trust graft: relative specifiers in JS/TS files that no longer reach a file,
 * and mentions of a moved path (or dotted module name) still left in configs, code and docs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** One line of the tree that the audit points at. */
export interface AuditHit {
  file: string;
  line: number;
  text: string;
  /** config | code | doc */
  kind: string;
  /** What the mention or specifier is (the specifier, or the path/name matched). */
  token: string;
}

const codeFile = /\.(?:[cm]?[jt]sx?)$/;
const docFile = /\.(?:md|mdx|rst|txt)$/i;
const configFile =
  /(?:\.(?:json|jsonc|ya?ml|toml|cfg|ini|in|sh)$|(?:^|\/)(?:[^/]*\.config\.[cm]?[jt]s|rollup\.config\.[cm]?js|Makefile|Dockerfile|setup\.py|conf\.py)$)/;

/** The kind of file a hit is in. */
function kindOf(file: string): string {
  if (configFile.test(file)) return "config";
  if (docFile.test(file)) return "doc";
  return "code";
}

/** Tracked and untracked (not ignored) files of a checkout, as POSIX paths relative to it. */
export function listFiles(dir: string): string[] {
  const result = spawnSync("git", ["ls-files", "-z", "-c", "-o", "--exclude-standard"], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const files = new Set(result.stdout.split("\0").filter(Boolean));
  return [...files].filter((file) => {
    if (file.startsWith(".graft/")) return false;
    try {
      const stat = statSync(path.join(dir, file));
      return stat.isFile() && stat.size < 2 * 1024 * 1024;
    } catch {
      return false; // deleted by the move, still in the index
    }
  });
}

const specifierPattern =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+|\b(?:vi|jest)\.mock\s*\(\s*)(['"])(\.{1,2}(?:\/[^'"\n]*)?)\1/g;
const extensions = [".ts", ".tsx", ".d.ts", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json"];

/** Whether a relative specifier reaches a file the way TS/JS resolvers look (extension swaps, index files). */
function reaches(target: string): boolean {
  const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();
  if (isFile(target)) return true;
  const swapped = target.replace(/\.([cm]?)js(x?)$/, ".$1ts$2");
  if (swapped !== target && isFile(swapped)) return true;
  if (extensions.some((ext) => isFile(target + ext))) return true;
  if (existsSync(target) && statSync(target).isDirectory()) {
    const pkg = path.join(target, "package.json");
    if (isFile(pkg)) return true;
    return extensions.some((ext) => isFile(path.join(target, "index" + ext)));
  }
  return false;
}

/** Relative specifiers in JS/TS files that reach no file. */
export function unresolvedSpecifiers(dir: string, files: string[]): AuditHit[] {
  const hits: AuditHit[] = [];
  for (const file of files) {
    if (!codeFile.test(file) || file.includes("node_modules/")) continue;
    const text = readFileSync(path.join(dir, file), "utf8");
    if (!text.includes("'.") && !text.includes('".')) continue;
    const lines = text.split("\n");
    lines.forEach((line, index) => {
      for (const match of line.matchAll(specifierPattern)) {
        const specifier = match[2]!;
        if (!reaches(path.resolve(dir, path.dirname(file), specifier)))
          hits.push({ file, line: index + 1, text: line.trim().slice(0, 200), kind: kindOf(file), token: specifier });
      }
    });
  }
  return hits;
}

const inside = (p: string, folder: string): boolean => p === folder || p.startsWith(folder + "/");
const pathToken = /(?:\.{1,2}\/)*[\w@.-]+(?:\/[\w@.*{}$-]+)*\/?/g;

/** The literal leading segments of a path token (globs and template parts cut off). */
function literalPrefix(token: string): string {
  const cut = token.search(/[*{$]/);
  const literal = cut >= 0 ? token.slice(0, cut) : token;
  return literal.replace(/\/+$/, "");
}

/**
 * Mentions of a moved folder's old path left in the tree: a path token that, read relative to the file holding it
 * (or to the root when that reading reaches nothing), points into `from`. Also the dotted module name for Python.
 */
export function staleMentions(dir: string, files: string[], from: string, dotted?: string): AuditHit[] {
  const hits: AuditHit[] = [];
  const last = path.posix.basename(from);
  const dottedPattern = dotted ? new RegExp(`(?<![\\w.])${dotted.replace(/\./g, "\\.")}(?![\\w])`) : null;
  for (const file of files) {
    if (file.includes("node_modules/") || /\.(?:png|jpe?g|gif|ico|gz|zip|woff2?|lock|map)$/.test(file)) continue;
    const buffer = readFileSync(path.join(dir, file));
    if (buffer.includes(0)) continue;
    const text = buffer.toString("utf8");
    if (!text.includes(last) && !(dotted && text.includes(dotted))) continue;
    const folder = path.posix.dirname(file);
    text.split("\n").forEach((line, index) => {
      const found = new Set<string>();
      if (line.includes(last))
        for (const match of line.matchAll(pathToken)) {
          const token = match[0];
          const before = line[match.index - 1] ?? "";
          if (/[\w/@.-]/.test(before) || !token.includes(last)) continue;
          const literal = literalPrefix(token);
          if (!literal || literal === "." || literal === "..") continue;
          // A bare one-segment word ("src") counts only as a whole quoted value in a config, not as a key or prose.
          if (!token.includes("/")) {
            const quote = before;
            const after = line.slice(match.index + token.length, match.index + token.length + 2);
            if (!/["']/.test(quote) || after[0] !== quote || after[1] === ":" || kindOf(file) !== "config") continue;
          }
          const fromFile = path.posix.normalize(path.posix.join(folder, literal));
          const fromRoot = path.posix.normalize(literal);
          const viaFile = inside(fromFile, from);
          const viaRoot =
            !literal.startsWith("..") &&
            inside(fromRoot, from) &&
            !existsSync(path.join(dir, fromFile)) &&
            folder !== ".";
          if (viaFile || viaRoot) found.add(token);
        }
      if (dottedPattern) {
        const match = dottedPattern.exec(line);
        if (match) found.add(dotted!);
      }
      for (const token of found)
        hits.push({ file, line: index + 1, text: line.trim().slice(0, 200), kind: kindOf(file), token });
    });
  }
  return hits;
}
