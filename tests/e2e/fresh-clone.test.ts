import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/copy-fixture.js";

/**
 * What a stranger gets: the repository's files alone in an empty folder (nothing beside them, a home folder
 * with nothing in it), built and run with the README's commands. Dependencies come from this checkout's
 * node_modules by a link, as `npm ci` would install them; everything else is the clone's own.
 */
describe("a clone with nothing beside it", () => {
  const outer = mkdtempSync(path.join(tmpdir(), "graft-clone-"));
  const clone = path.join(outer, "graft");
  const home = path.join(outer, "home");
  const temp = path.join(outer, "tmp");
  afterAll(() => rmSync(outer, { recursive: true, force: true }));

  it("builds, and runs the demo's consolidation part", () => {
    // The files a clone would hold: tracked ones, plus new ones not ignored (so the test also covers uncommitted work).
    const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    const files = listed.split("\0").filter((file) => file !== "" && !file.startsWith("node_modules/"));
    expect(files).toContain("fixtures/hmm-pipeline/original/BTC.csv");
    for (const file of files) {
      mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
      try {
        copyFileSync(path.join(repoRoot, file), path.join(clone, file));
      } catch (error) {
        // A file deleted in the work tree but still tracked is not part of what a commit of this tree would hold.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(clone, "node_modules"));
    mkdirSync(home);
    mkdirSync(temp);
    expect(readdirSync(outer).sort()).toEqual(["graft", "home", "tmp"]);
    const env = { ...process.env, HOME: home, TMPDIR: temp, NO_COLOR: "1", npm_config_cache: path.join(home, ".npm") };

    const build = spawnSync(
      process.execPath,
      [path.join(clone, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      { cwd: clone, env, encoding: "utf8" },
    );
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const bundle = spawnSync(process.execPath, [path.join(clone, "bin/bundle-cli.js")], {
      cwd: clone,
      env,
      encoding: "utf8",
    });
    expect(bundle.status, bundle.stdout + bundle.stderr).toBe(0);

    const demo = spawnSync(process.execPath, [path.join(clone, "bin/graft.js"), "demo", "--only", "consolidation"], {
      cwd: clone,
      env,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(demo.stderr).toBe("");
    expect(demo.status, demo.stdout).toBe(0);
    expect(demo.stdout).toContain("tree byte-identical to before the run");
    expect(demo.stdout).toContain("demo passed");
    expect(demo.stdout).toContain("temp folders removed");
    // The demo removed its temp copies, and wrote nowhere else.
    expect(readdirSync(temp).filter((name) => name.startsWith("graft-demo-"))).toEqual([]);
    expect(readdirSync(outer).sort()).toEqual(["graft", "home", "tmp"]);
  }, 180_000);
});
