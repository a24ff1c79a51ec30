import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyPythonImports } from "../../../src/lang/python/python-import-verifier.js";
import { verifyTypeScriptImports } from "../../../src/lang/typescript/typescript-import-verifier.js";
import type { ImportVerifyResult, VerifyContext, VerifyScope } from "../../../src/model/import-verifier.js";
import type { ManifestData } from "../../../src/model/manifest-schema.js";
import type { PlanOperation } from "../../../src/model/plan.js";
import { findNewUnresolved } from "../../../src/verify/compare-unresolved.js";
import { getVerifyScope } from "../../../src/verify/import-resolution-check.js";

/** Picks from a fixed list of random numbers, cycling (fast-check shrinks the list). */
function createPicker(numbers: readonly number[]) {
  let at = 0;
  const next = () => numbers[at++ % numbers.length]!;
  return {
    int: (n: number) => next() % n,
    chance: (percent: number) => next() % 100 < percent,
    one: <T>(list: readonly T[]): T => list[next() % list.length]!,
  };
}
type Picker = ReturnType<typeof createPicker>;

/** A random run over a tree: one move (a folder or a file), edits, a created and a removed file. */
interface RandomRun {
  before: Map<string, string>;
  after: Map<string, string>;
  operations: PlanOperation[];
  move: { from: string; to: string };
}

function contextOf(files: Map<string, string>, manifest: ManifestData): VerifyContext {
  return {
    root: "/virtual/project",
    files: [...files.keys()].sort(),
    readFile: (p) => {
      const text = files.get(p);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
      return Buffer.from(text, "utf8");
    },
    // Like the disk: a folder exists while a file is under it (tsc probes "a/" for the specifier "..").
    exists: (p) => files.has(p) || [...files.keys()].some((file) => file.startsWith(p.endsWith("/") ? p : `${p}/`)),
    manifest,
  };
}

/** Moves one folder or file of `before`, then rewrites, adds and removes a few files with `content`. */
function runOver(
  pick: Picker,
  before: Map<string, string>,
  folders: readonly string[],
  content: (file: string, files: readonly string[]) => string,
  newFile: (pick: Picker, folders: readonly string[]) => string,
): RandomRun | undefined {
  const paths = [...before.keys()].filter((p) => !p.endsWith(".json"));
  const usedFolders = folders.filter((folder) => paths.some((p) => p.startsWith(`${folder}/`)));
  const from = pick.chance(60) && usedFolders.length > 0 ? pick.one(usedFolders) : pick.one(paths);
  const to = `${pick.one(folders)}/${pick.one(["moved", "m2", "flow", "lib"])}${from.includes(".") ? path.posix.extname(from) : ""}`;
  const isTaken = [...before.keys()].some((p) => p === to || p.startsWith(`${to}/`));
  if (isTaken || to === from || to.startsWith(`${from}/`)) return undefined;
  const after = new Map<string, string>();
  const operations: PlanOperation[] = [];
  for (const [p, text] of before) {
    const next = p === from ? to : p.startsWith(`${from}/`) ? to + p.slice(from.length) : p;
    after.set(next, text);
    if (next !== p)
      operations.push({ op: "move", from: p, to: next, kind: "file", mode: 0o644, sha256: "0".repeat(64) });
  }
  const afterPaths = [...after.keys()].filter((p) => !p.endsWith(".json"));
  for (let i = pick.int(3); i > 0; i--) {
    const file = pick.one(afterPaths);
    after.set(file, content(file, afterPaths));
    if (!operations.some((op) => op.op === "move" && op.to === file))
      operations.push({ op: "edit", path: file, sha256: "0".repeat(64), edits: [] });
  }
  if (pick.chance(30)) {
    const created = newFile(pick, folders);
    if (!after.has(created) && !before.has(created)) {
      after.set(created, content(created, afterPaths));
      operations.push({ op: "write", path: created, mode: 0o644 } as PlanOperation);
    }
  }
  if (pick.chance(30)) {
    const removed = pick.one(afterPaths);
    if (before.has(removed) && !operations.some((op) => "path" in op && op.path === removed)) {
      after.delete(removed);
      operations.push({ op: "delete", path: removed, kind: "file", sha256: "0".repeat(64), reason: "test" });
    }
  }
  return { before, after, operations, move: { from, to } };
}

/** The post-apply comparison: new unresolved imports after the run, whole-tree or scoped. */
function compare(
  run: RandomRun,
  manifest: ManifestData,
  verify: (context: VerifyContext, scope?: VerifyScope) => ImportVerifyResult,
  scope: VerifyScope | undefined,
) {
  const renames = new Map<string, string>();
  for (const op of run.operations) if (op.op === "move") renames.set(op.from, op.to);
  const before = verify(contextOf(run.before, manifest), scope);
  const after = verify(contextOf(run.after, manifest), scope);
  const added = findNewUnresolved(before.unresolved, after.unresolved, (p) => renames.get(p) ?? p);
  return { added, checked: before.checked + after.checked };
}

const numbers = fc.array(fc.nat(), { minLength: 40, maxLength: 120 });

/** Runs the property and returns how many runs broke an import and how many the scope made cheaper. */
function checkProperty(
  build: (pick: Picker) => RandomRun | undefined,
  manifest: ManifestData,
  verify: (context: VerifyContext, scope?: VerifyScope) => ImportVerifyResult,
) {
  const seen = { runs: 0, broken: 0, narrowed: 0 };
  fc.assert(
    fc.property(numbers, (list) => {
      const run = build(createPicker(list));
      if (!run) return;
      const bytesOf = (tree: Map<string, string>, p: string) =>
        tree.has(p) ? Buffer.from(tree.get(p)!, "utf8") : undefined;
      const scope = getVerifyScope({ moves: [run.move] as never, operations: run.operations }, (p) => ({
        before: bytesOf(run.before, p),
        after: bytesOf(run.after, p),
      }));
      const full = compare(run, manifest, verify, undefined);
      const incremental = compare(run, manifest, verify, scope);
      expect(incremental.added).toEqual(full.added);
      seen.runs++;
      if (full.added.length > 0) seen.broken++;
      if (incremental.checked < full.checked) seen.narrowed++;
    }),
    { numRuns: 150 },
  );
  return seen;
}

const tsFolders = ["src", "src/a", "src/a/b", "src/lib", "src/lib/c", "src/a/lib"];
const tsStems = ["x", "y", "index", "util", "lib", "a"];

function tsContent(pick: Picker, file: string, files: readonly string[]): string {
  const lines: string[] = [];
  const directory = path.posix.dirname(file);
  for (let i = pick.int(4); i > 0; i--) {
    const target = pick.one(files).replace(/\.ts$/, "");
    const relative = path.posix.relative(directory, target);
    const dotted = relative.startsWith(".") ? relative : `./${relative}`;
    const specifier = pick.one([
      dotted,
      dotted.replace(/\/index$/, ""),
      `@/${target.slice("src/".length)}`,
      `~lib/${pick.one(tsStems)}`,
      "virtual-x",
      "./nope",
      `../${pick.one(tsStems)}`,
      `./${pick.one(tsStems)}`,
    ]);
    lines.push(`import "${specifier}";`);
  }
  lines.push(`export const v${pick.int(9)} = 1;`);
  return `${lines.join("\n")}\n`;
}

function tsRun(pick: Picker): RandomRun | undefined {
  const before = new Map<string, string>();
  before.set(
    "tsconfig.json",
    JSON.stringify({
      compilerOptions: {
        module: "esnext",
        moduleResolution: "bundler",
        baseUrl: ".",
        paths: { "@/*": ["src/*"], "~lib/*": ["src/lib/*"] },
      },
    }),
  );
  // A package folder: "." and ".." into it go through its package.json, which points into another folder.
  if (pick.chance(30))
    before.set("src/a/package.json", JSON.stringify({ main: `../${pick.one(["lib", "a/b"])}/x.ts` }));
  // An ambient declaration a run's edit or removal can take away from bare imports in other files.
  if (pick.chance(40)) before.set(`${pick.one(tsFolders)}/env.d.ts`, 'declare module "virtual-x";\n');
  const count = 3 + pick.int(7);
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(`${pick.one(tsFolders)}/${pick.one(tsStems)}.ts`);
  const unique = [...new Set(names)];
  for (const file of unique) before.set(file, tsContent(pick, file, unique));
  return runOver(
    pick,
    before,
    tsFolders,
    (file, files) => tsContent(pick, file, files),
    (p, folders) => `${p.one(folders)}/${p.one(tsStems)}.ts`,
  );
}

const pyFolders = ["pkg", "pkg/sub", "pkg/sub/deep", "pkg/other", "tools"];
const pyStems = ["x", "y", "flow", "util"];

function moduleOf(file: string): string {
  return file
    .replace(/(\/__init__)?\.py$/, "")
    .split("/")
    .join(".");
}

function pyContent(pick: Picker, files: readonly string[]): string {
  const lines: string[] = [];
  for (let i = pick.int(4); i > 0; i--) {
    const target = moduleOf(pick.one(files));
    const parent = target.includes(".") ? target.slice(0, target.lastIndexOf(".")) : target;
    const last = target.slice(target.lastIndexOf(".") + 1);
    lines.push(
      pick.one([
        `import ${target}`,
        `from ${parent} import ${last}`,
        `from ${target} import ${pick.one(["f", "g"])}`,
        `from ${".".repeat(1 + pick.int(3))} import ${pick.one(pyStems)}`,
        `from ${".".repeat(1 + pick.int(2))}${pick.one(["sub", "other", ...pyStems])} import ${pick.one(["f", "x"])}`,
        `import pkg.${pick.one(["nope", "sub", "flow"])}`,
      ]),
    );
  }
  lines.push(`def ${pick.one(["f", "g"])}():\n    pass`);
  return `${lines.join("\n")}\n`;
}

function pyRun(pick: Picker): RandomRun | undefined {
  const before = new Map<string, string>();
  const names: string[] = [];
  for (const folder of pyFolders) if (folder !== "tools" && pick.chance(70)) names.push(`${folder}/__init__.py`);
  for (let i = 3 + pick.int(7); i > 0; i--) names.push(`${pick.one(pyFolders)}/${pick.one(pyStems)}.py`);
  const unique = [...new Set(names)];
  for (const file of unique) before.set(file, pyContent(pick, unique));
  return runOver(
    pick,
    before,
    pyFolders,
    (_file, files) => pyContent(pick, files),
    (p, folders) => `${p.one(folders)}/${p.one([...pyStems, "__init__"])}.py`,
  );
}

describe("incremental post-apply import check", () => {
  it('resolves a folder-only specifier ("..") and a same-path file specifier independently of their order', () => {
    // A resolution cache keyed by the joined path alone made ".." (the folder src/lib) and "../lib" (src/lib.ts)
    // share one answer: whichever file came first decided both, so checking fewer files changed verdicts.
    const manifest = { version: 1, name: "t", root: ".", moves: [] } as unknown as ManifestData;
    const tree = new Map([
      ["tsconfig.json", JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler" } })],
      ["src/lib.ts", "export const v = 1;\n"],
      ["src/lib/c/y.ts", 'import "..";\n'],
      ["src/lib/z.ts", "export const z = 1;\n"],
      ["src/m/a.ts", 'import "../lib";\n'],
    ]);
    const unresolved = verifyTypeScriptImports(contextOf(tree, manifest)).unresolved;
    expect(unresolved.map((u) => `${u.file} ${u.specifier}`)).toEqual(["src/lib/c/y.ts .."]);
  });

  it("TypeScript: the scoped comparison finds exactly the new failures of the whole-tree one", () => {
    const manifest = { version: 1, name: "t", root: ".", moves: [] } as unknown as ManifestData;
    const seen = checkProperty(tsRun, manifest, verifyTypeScriptImports);
    // The trees are small but not trivial: moves break imports, and the scope skips files.
    expect(seen.broken).toBeGreaterThan(seen.runs / 10);
    expect(seen.narrowed).toBeGreaterThan(0);
  });

  it("Python: the scoped comparison finds exactly the new failures of the whole-tree one", () => {
    const manifest = { version: 1, name: "t", root: ".", moves: [] } as unknown as ManifestData;
    const seen = checkProperty(pyRun, manifest, verifyPythonImports);
    expect(seen.broken).toBeGreaterThan(seen.runs / 10);
    expect(seen.narrowed).toBeGreaterThan(0);
  });
});
