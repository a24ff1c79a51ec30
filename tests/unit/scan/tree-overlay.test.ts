import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { applyPlanToOverlay } from "../../../src/apply/apply-to-overlay.js";
import { applyPlan, loadManifest, planMigration, renderPatch } from "../../../src/index.js";
import { planOverlayChanges } from "../../../src/plan/plan-overlay-changes.js";
import { hashEntry, type ScanEntry, scanTree } from "../../../src/scan/scan-tree.js";
import { createTreeOverlay } from "../../../src/scan/tree-overlay.js";
import { copyFixture } from "../../helpers/copy-fixture.js";
import { cloneTree, commitTree, treeFingerprint } from "../../helpers/git-tree.js";

describe("the tree overlay a dry run plans on", () => {
  it("holds after a plan exactly what apply writes: scan, bytes, folders, and one patch git applies", async () => {
    // Two copies of the consolidation (renames, merges, a binary file, symlinks, excluded folders): one planned on, one applied.
    const dir = await copyFixture("consolidation");
    const tree = path.join(dir, "tree");
    commitTree(tree);
    const manifest = await loadManifest(path.join(dir, "graft-resolved.yaml"));
    const plan = await planMigration(manifest);
    const overlay = createTreeOverlay(manifest.root);
    const untouched = overlay.fork();
    applyPlanToOverlay(overlay, plan);
    const patch = path.join(dir, "net.patch");
    writeFileSync(patch, renderPatch(planOverlayChanges(overlay, manifest), overlay.readDiskFile));
    const patched = cloneTree(tree);
    execFileSync("git", ["apply", patch], { cwd: patched });

    const applied = path.join(dir, "applied");
    cpSync(tree, applied, { recursive: true, verbatimSymlinks: true });
    const appliedManifest = await loadManifest(path.join(dir, "graft-resolved.yaml"));
    const onCopy = await planMigration({ ...appliedManifest, root: applied });
    await applyPlan(onCopy, { verify: false, allowDirty: true });

    const options = { exclude: manifest.data.exclude };
    // A folder's size is the file system's business; everything else must match.
    const shape = (entries: ScanEntry[]) => entries.map((e) => (e.kind === "dir" ? { ...e, size: 0 } : e));
    expect(shape(await overlay.scan(options))).toEqual(shape(await scanTree(applied, options)));
    expect(shape(await untouched.scan(options))).toEqual(shape(await scanTree(tree, options)));
    for (const entry of await scanTree(applied, options)) {
      if (entry.kind !== "file") continue;
      expect(overlay.readFile(entry.path).equals(readFileSync(path.join(applied, entry.path))), entry.path).toBe(true);
      expect(await overlay.identityOf(entry)).toBe(await hashEntry(applied, entry));
    }
    const regime = "backtester_v2/strategies/market_regime";
    const onDisk = (
      await fg(["**/*"], { cwd: path.join(applied, regime), dot: true, onlyFiles: false, ignore: ["**/.graft/**"] })
    )
      .map((p) => `${regime}/${p}`)
      .sort();
    expect(await overlay.listUnder(regime)).toEqual(onDisk);
    expect(() => overlay.readFile("backtester_v2/market_regime/strategy.py")).toThrow(/ENOENT/);
    expect(untouched.readFile("backtester_v2/market_regime/strategy.py").length).toBeGreaterThan(0);

    // git keeps no empty folders and graft keeps the ones that hold excluded files: compare files and links.
    const contents = async (root: string) =>
      Object.fromEntries(
        Object.entries(await treeFingerprint(root)).filter(
          ([p, what]) => !p.includes("__pycache__") && !what.startsWith("dir"),
        ),
      );
    expect(await contents(patched)).toEqual(await contents(applied));
  }, 120_000);

  it("judges changed paths by the scan's include, exclude and .gitignore rules, and forks independently", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "graft-overlay-"));
    mkdirSync(path.join(root, "src"));
    writeFileSync(path.join(root, ".gitignore"), "build/\n*.log\n");
    writeFileSync(path.join(root, "src/a.ts"), "export const a = 1;\n");
    const overlay = createTreeOverlay(root);
    const fork = overlay.fork();
    for (const file of ["src/b.ts", "build/out.js", "src/debug.log", "docs/x.md"])
      overlay.set(file, { kind: "file", mode: 0o644, bytes: Buffer.from(file) });
    overlay.set("src/a.ts", { kind: "absent" });
    const paths = async (options: Parameters<typeof overlay.scan>[0]) =>
      (await overlay.scan(options)).map((e) => `${e.kind} ${e.path}`);
    expect(await paths({ gitignore: true, exclude: ["docs/**"] })).toEqual([
      "file .gitignore",
      "dir src",
      "file src/b.ts",
    ]);
    expect(await paths({ include: ["src/**"] })).toEqual(["file src/b.ts", "file src/debug.log"]);
    expect((await fork.scan()).map((e) => e.path)).toEqual([".gitignore", "src", "src/a.ts"]);
    expect(overlay.readFile("src/b.ts").toString()).toBe("src/b.ts");
    expect(() => fork.readFile("src/b.ts")).toThrow(/ENOENT/);
  });
});
