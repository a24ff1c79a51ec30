import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MigrationPlan } from "../../src/model/plan.js";
import { makePlan, type OpSpec } from "../unit/apply/make-plan.js";

/** Deterministic PRNG (mulberry32) so crash trials are reproducible from their seed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A tree of `files` files under legacy/ (nested folders, executables, symlinks, empty folders, importers)
 * and the plan moving legacy/ → modern/ with edits, overwrites, writes and deletes. Returns root and plan.
 */
export function makeCrashFixture(files: number, seed = 1): { root: string; plan: MigrationPlan } {
  const random = createRandom(seed);
  const root = mkdtempSync(path.join(os.tmpdir(), "graft-crash-template-"));
  const specs: OpSpec[] = [];
  const dirs = new Set<string>();
  const folderOf = (i: number) => `pkg${i % 17}/sub${i % 5}`;
  for (let i = 0; i < files; i++) {
    const rel = `legacy/${folderOf(i)}/mod${i}.ts`;
    mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    const body =
      `import { x } from "../../legacy/${folderOf(i + 1)}/mod${i + 1}";\n` +
      "// filler\n".repeat(Math.floor(random() * 400));
    writeFileSync(path.join(root, rel), body);
    if (i % 23 === 0) chmodSync(path.join(root, rel), 0o755);
    dirs.add(path.posix.dirname(rel));
  }
  for (let i = 0; i < 20; i++) symlinkSync(`mod${i}.ts`, path.join(root, `legacy/${folderOf(i)}/link${i}.ts`));
  mkdirSync(path.join(root, "legacy/empty/inner"), { recursive: true });
  mkdirSync(path.join(root, "modern/pkg0/sub0"), { recursive: true });
  writeFileSync(path.join(root, "modern/pkg0/sub0/mod0.ts"), "// older modern copy\n");
  for (let i = 0; i < 40; i++)
    writeFileSync(path.join(root, `importer${i}.ts`), `import { x } from "./legacy/${folderOf(i)}/mod${i}";\n`);

  const modernDirs = [...dirs].map((d) => d.replace(/^legacy/, "modern")).sort();
  for (const d of ["modern", ...new Set(modernDirs.flatMap((d) => [path.posix.dirname(d), d]))].sort()) {
    if (d !== "modern/pkg0" && d !== "modern/pkg0/sub0" && d !== "modern") specs.push({ op: "mkdir", path: d });
  }
  specs.push({ op: "mkdir", path: "modern/empty" }, { op: "mkdir", path: "modern/empty/inner" });
  for (let i = 0; i < files; i++) {
    const from = `legacy/${folderOf(i)}/mod${i}.ts`;
    const edits = i % 7 === 0 ? [{ start: 0, end: 6, text: "import type" }] : undefined;
    specs.push({ op: "move", from, to: from.replace(/^legacy/, "modern"), ...(edits ? { edits } : {}) });
  }
  for (let i = 0; i < 20; i++)
    specs.push({ op: "move", from: `legacy/${folderOf(i)}/link${i}.ts`, to: `modern/${folderOf(i)}/link${i}.ts` });
  for (let i = 0; i < 39; i++)
    specs.push({ op: "edit", path: `importer${i}.ts`, edits: [{ start: 19, end: 25, text: "./modern" }] });
  specs.push({ op: "write", path: "modern/index.ts", content: "export {};\n", mode: 0o644 });
  specs.push({ op: "delete", path: "importer39.ts" });
  const legacyDirs = [
    "legacy",
    ...new Set([...dirs].flatMap((d) => [path.posix.dirname(d), d])),
    "legacy/empty",
    "legacy/empty/inner",
  ];
  for (const d of [...new Set(legacyDirs)].sort(
    (a, b) => b.split("/").length - a.split("/").length || (a < b ? 1 : -1),
  ))
    specs.push({ op: "rmdir", path: d });
  return { root, plan: makePlan(root, specs) };
}
