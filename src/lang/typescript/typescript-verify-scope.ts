import type { VerifyScope } from "../../model/import-verifier.js";
import { isSameOrInside } from "../../shared/paths.js";
import { collectNeedles, mayMentionMoved } from "./moved-needles.js";
import type { AliasConfig } from "./specifier-style.js";

/** Decides from a file's path and bytes whether its specifiers can resolve differently after a run. */
export type TypeScriptVerifyFilter = (file: string, bytes: Buffer) => boolean;

/**
 * The filter of the post-apply check (a scope given): which TS/JS files the verifier has to scan again; undefined
 * when it must scan every file.
 *
 * Soundness. A file the run did not touch has the same path and bytes before and after, so its specifiers are the
 * same, and each resolves by probing paths (the spelled path, with extensions, `index.*`, `package.json`; through
 * `paths`, `baseUrl`, package.json `imports`/`exports`/`main`) under the same compiler options — a touched tsconfig,
 * jsconfig or package.json, or `rootDirs`, make every file scanned. A probe answers differently only at a path that
 * appeared or disappeared: a path the run moved, created or removed (edits change no existence), or one inside a
 * moved folder. A relative or `baseUrl` specifier reaching such a path spells the moved folder's name or, for a
 * path outside moved folders, its stem, and each folder name between (an `index` it reaches through its folder):
 * `collectNeedles` of the paths cut at the moved folder. The exceptions are "."/".."-only specifiers, which reach a
 * moved folder only from inside it (those files are touched) and an `index` file moved, created or removed on its
 * own (no filter then); `paths` keys whose substitution does not spell what follows the `*` (their prefix is added;
 * an exact key always is); and packages whose package.json points into a moved path (its name and `imports` keys
 * are added, and every file under its folder, which can reach it as "." or ".."). A file whose bytes contain none
 * of these resolves every specifier as before and is skipped; touched files are always scanned.
 */
export function createTypeScriptVerifyFilter(
  files: readonly string[],
  readFile: (path: string) => Buffer,
  aliases: AliasConfig,
  hasRootDirs: boolean,
  scope: VerifyScope,
): TypeScriptVerifyFilter | undefined {
  if (hasRootDirs || [...scope.touched].some((p) => p.endsWith(".json"))) return undefined;
  const folderEnds = scope.moves.flatMap((move) => [move.from, move.to]);
  const cut = new Map<string, string>();
  const alone: { from: string; to: string }[] = [];
  for (const p of scope.touched) {
    if (scope.edited?.has(p)) continue;
    // A path is named from the moved folder holding it down: the folders above it exist before and after.
    const end = folderEnds.find((folder) => folder !== p && isSameOrInside(p, folder));
    const start = end === undefined ? p.lastIndexOf("/") + 1 : end.lastIndexOf("/") + 1;
    const relative = p.slice(start);
    cut.set(relative, relative);
    if (end === undefined) alone.push({ from: relative, to: relative });
  }
  const exactKeys: AliasConfig = { ...aliases, paths: aliases.paths.filter(({ key }) => !key.includes("*")) };
  const found = collectNeedles(alone, cut, exactKeys);
  if (found === null) return undefined;
  const needles = [...found];
  for (const { key, substitutions } of aliases.paths) {
    const star = key.indexOf("*");
    if (star < 0) continue;
    const hides = substitutions.some((s) => !s.includes("*") || mayMentionMoved(s.slice(s.indexOf("*") + 1), found));
    if (!hides) continue;
    if (star === 0) return undefined;
    needles.push(key.slice(0, star));
  }
  const packageFolders: string[] = [];
  for (const file of files) {
    if (file !== "package.json" && !file.endsWith("/package.json")) continue;
    const text = readFile(file).toString("utf8");
    if (!mayMentionMoved(text, found)) continue;
    packageFolders.push(file.slice(0, Math.max(0, file.length - "/package.json".length)));
    let data: { name?: unknown; imports?: unknown };
    try {
      data = JSON.parse(text) as typeof data;
    } catch {
      return undefined;
    }
    if (typeof data.name === "string") needles.push(data.name);
    for (const key of Object.keys(data.imports ?? {})) {
      const prefix = key.split("*")[0]!;
      if (prefix === "#") return undefined;
      needles.push(prefix);
    }
  }
  const isUnderPackage = (file: string) => packageFolders.some((folder) => isSameOrInside(file, folder));
  const needleBytes = needles.filter((n) => n.length > 0).map((n) => Buffer.from(n, "utf8"));
  return (file, bytes) =>
    scope.touched.has(file) || isUnderPackage(file) || needleBytes.some((needle) => bytes.includes(needle));
}
