import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/copy-fixture.js";

/**
 * The packaging path: `npm pack` (of the build `npm test` just made), the tarball unpacked as an installed
 * dependency of a new project. Its dependencies come from this checkout's node_modules by a link (installing
 * them is npm's job, not graft's); everything graft itself needs must be in the tarball.
 */
describe("the packed tarball", () => {
  const work = mkdtempSync(path.join(os.tmpdir(), "graft-pack-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("holds the build, the CLI, the schema and the demo's fixture, and nothing of the tests or benches", () => {
    const packed = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    const [info] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    expect(files).toContain("bin/graft.js");
    expect(files).toContain("dist/src/index.js");
    expect(files).toContain("dist/src/index.d.ts");
    expect(files).toContain("dist/src/apply/write-worker.js");
    // The command runs from the bundle; the files it starts by path sit beside its chunks.
    expect(files).toContain("dist/cli/main.js");
    expect(files).toContain("dist/cli/write-worker.js");
    expect(files).toContain("dist/cli/module-runner.js");
    expect(files).toContain("dist/cli/row-slice-worker.js");
    expect(files).toContain("dist/codemods/registry.js");
    expect(files).toContain("manifests/schema.json");
    expect(files).toContain("fixtures/consolidation/graft-resolved.yaml");
    expect(files.filter((f) => /^(tests|bench|src)\//.test(f) || f.endsWith(".map"))).toEqual([]);
    expect(files.filter((f) => f.startsWith("fixtures/") && !f.startsWith("fixtures/consolidation/"))).toEqual([]);

    const project = path.join(work, "project");
    const installed = path.join(project, "node_modules/graft");
    mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["xzf", path.join(work, info!.filename), "-C", installed, "--strip-components=1"]);
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(installed, "node_modules"));
    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "project", private: true, type: "module" }),
    );
    const graft = (args: string[]) =>
      spawnSync(process.execPath, [path.join(installed, "bin/graft.js"), ...args], {
        cwd: project,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });

    const version = graft(["--version"]);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).version);

    // The library through the package's exports map, as `import … from "graft"` in a user's project.
    const runModule = (code: string) =>
      spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: project, encoding: "utf8" });
    const imported = runModule(
      'import { graftVersion, loadManifest } from "graft"; console.log(graftVersion, typeof loadManifest)',
    );
    expect(imported.stderr).toBe("");
    expect(imported.stdout.trim()).toBe(`${version.stdout.trim()} function`);
    const diffOnly = runModule('import { compareTableFiles } from "graft/diff"; console.log(typeof compareTableFiles)');
    expect(diffOnly.stderr).toBe("");
    expect(diffOnly.stdout.trim()).toBe("function");

    mkdirSync(path.join(project, "src/util"), { recursive: true });
    writeFileSync(path.join(project, "src/util/a.ts"), "export const a = 1;\n");
    writeFileSync(path.join(project, "src/main.ts"), 'import { a } from "./util/a.js";\nconsole.log(a);\n');
    writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" }, include: ["src"] }),
    );
    const moved = graft(["mv", "src/util", "src/lib", "--yes"]);
    expect(moved.status, moved.stderr).toBe(0);
    expect(readFileSync(path.join(project, "src/main.ts"), "utf8")).toContain('from "./lib/a.js"');
  }, 120_000);
});
