import type { VerifyScope } from "../../model/import-verifier.js";
import { isSameOrInside } from "../../shared/paths.js";
import path from "node:path";
import { isRelativeSpecifier, withoutResourceQuery } from "./find-specifiers.js";
import { collectNeedles, createReachTest, mayMentionMoved, mayReferenceMoved } from "./moved-needles.js";
import { isScriptFile } from "./script-files.js";
import type { AliasConfig } from "./specifier-style.js";
import type { TreeView } from "./tree-view.js";
import type { FoundSpecifier } from "./types.js";

/** Which files and specifiers the post-apply check resolves again (see createTypeScriptVerifyFilter). */
export interface TypeScriptVerifyFilter {
  /** False when no specifier of the file (path and bytes) can resolve differently after the run. */
  mustScan(file: string, bytes: Buffer): boolean;
  /** False for a relative specifier of an untouched file whose spelled path cannot reach anything the run changed. */
  mayChange(file: string, specifier: FoundSpecifier): boolean;
}

/**
 * The filter of the post-apply check (a scope given): which TS/JS files the verifier has to scan again; undefined
 * when it must scan every file.
 *
 * Soundness. A file the run did not touch has the same path and bytes before and after, so its specifiers are the
 * same, and each resolves by probing paths (the spelled path, with extensions, `index.*`, `package.json`; through
 * `paths`, `baseUrl`, package.json `imports`/`exports`/`main`) under the same compiler options — a touched `.json`
 * (tsconfig, jsconfig, package.json), `rootDirs`, or a `baseUrl`/`paths` base inside a moved folder make every
 * file scanned. A probe answers differently only at a path that appeared or disappeared: one the run moved,
 * created or removed (edits change no existence), or one inside a moved folder. A relative specifier from outside
 * a moved folder that reaches into it spells the folder's name (a specifier from inside it is in a touched file);
 * one reaching a path moved, created or removed on its own spells its stem (`collectNeedles`), except "." / ".."
 * reaching an `index` file (no filter then). Specifiers that reach a path without spelling it: `paths` keys whose
 * substitution names a moved folder or has no `*` (the key's prefix is added; an exact key always is), and a
 * package whose package.json names one (its name and `imports` keys are added, and every file under its folder,
 * which can reach it as "." or ".."). A file whose bytes contain none of these resolves every specifier as before
 * and is skipped; touched files are always scanned. In a scanned file, a relative specifier whose joined path lies
 * outside every moved folder, names no changed path (with or without extension, or as an `index`'s folder) and
 * no folder with a package.json probes only unchanged paths (`createReachTest`) and is not resolved: the decision
 * depends on that joined path alone, which is also what `findNewUnresolved` matches relative specifiers by. A
 * bare specifier (alias, package, `#import`) that contains none of the names is not resolved either: it reaches a
 * changed path only through what the names above cover, and its verdict otherwise rests on unchanged things
 * (installed packages, and ambient `declare module` names — a touched script that mentions `declare` before or
 * after the run, or whose bytes are not at hand, makes every file scanned; `typeRoots` in a moved folder too). (A symlinked folder into a moved one is not followed: such a
 * specifier goes unchecked, as the planner's needles leave it unrewritten.)
 */
export function createTypeScriptVerifyFilter(
  files: readonly string[],
  view: TreeView,
  readFile: (path: string) => Buffer,
  projects: readonly {
    aliases: AliasConfig;
    options: { rootDirs?: readonly string[]; typeRoots?: readonly string[] };
  }[],
  scope: VerifyScope,
): TypeScriptVerifyFilter | undefined {
  const folderEnds = scope.moves.flatMap((move) => [move.from, move.to]);
  const bases = projects.flatMap(({ aliases, options }) => [
    aliases.baseUrl,
    aliases.pathsBase,
    ...(options.typeRoots ?? []).map((t) => view.relativeOf(t)),
  ]);
  const isBaseMoved = bases.some((base) => base !== undefined && folderEnds.some((end) => isSameOrInside(base, end)));
  const hasRootDirs = projects.some(({ options }) => options.rootDirs?.length);
  if (hasRootDirs || isBaseMoved || [...scope.touched].some((p) => p.endsWith(".json"))) return undefined;
  // Bare names are judged against every file's `declare module "name"`: a touched file declaring one may change them.
  const declares = (bytes: Buffer | undefined) => bytes?.includes("declare") ?? false;
  for (const p of scope.touched) {
    if (!isScriptFile(p)) continue;
    const bytes = scope.readTouched?.(p);
    if (!bytes || declares(bytes.before) || declares(bytes.after)) return undefined;
  }
  const anchors = new Set<string>();
  const alone = new Map<string, string>();
  for (const p of scope.touched) {
    if (scope.edited?.has(p)) continue;
    // Inside a moved folder, a specifier from outside it spells the folder's name: the folders above it stay.
    const end = folderEnds.find((folder) => folder !== p && isSameOrInside(p, folder));
    if (end !== undefined) anchors.add(end.slice(end.lastIndexOf("/") + 1));
    else alone.set(p, p);
  }
  const paths = projects.flatMap(({ aliases }) => aliases.paths);
  const exactKeys: AliasConfig = { paths: paths.filter(({ key }) => !key.includes("*")) };
  const names = [...new Set([...alone.keys()].map((p) => p.slice(p.lastIndexOf("/") + 1)))];
  const found = collectNeedles(
    names.map((name) => ({ from: name, to: name })),
    new Map(names.map((name) => [name, name])),
    exactKeys,
  );
  if (found === null) return undefined;
  const needles = [...found, ...anchors];
  for (const { key, substitutions } of paths) {
    const star = key.indexOf("*");
    if (star < 0) continue;
    // `"#lib/*": ["src/_lib/*"]` reaches the moved folder without the specifier spelling it.
    const hides = substitutions.some((s) => !s.includes("*") || mayMentionMoved(s, needles));
    if (!hides) continue;
    if (star === 0) return undefined;
    needles.push(key.slice(0, star));
  }
  const packageFolders: string[] = [];
  for (const file of files) {
    if (file !== "package.json" && !file.endsWith("/package.json")) continue;
    const text = readFile(file).toString("utf8");
    if (!mayMentionMoved(text, needles)) continue;
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
  const spelled = needles.filter((n) => n.length > 0);
  const needleBytes = spelled.map((n) => Buffer.from(n, "utf8"));
  const mayReach = createReachTest(
    folderEnds.map((from) => ({ from })),
    alone,
    view,
  );
  return {
    // A file whose every needle lies in a quoted relative path that cannot reach a changed path resolves as before
    // (mayReferenceMoved argues it from the same two facts as mayChange below).
    mustScan: (file, bytes) =>
      scope.touched.has(file) ||
      isUnderPackage(file) ||
      (needleBytes.some((needle) => bytes.includes(needle)) &&
        mayReferenceMoved(bytes.toString("utf8"), spelled, file, mayReach)),
    mayChange: (file, specifier) =>
      scope.touched.has(file) ||
      (specifier.kind === "reference-path" || isRelativeSpecifier(specifier.text)
        ? mayReach(path.posix.join(path.posix.dirname(file), withoutResourceQuery(specifier.text) ?? specifier.text))
        : mayMentionMoved(specifier.text, needles)),
  };
}
