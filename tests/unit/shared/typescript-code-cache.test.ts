import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
// Loads the compiler API the way every command does and prints whether V8 accepted a cache.
const script = `import { loadTypeScript } from ${JSON.stringify(path.join(repoRoot, "dist/src/shared/typescript.js"))};
const ts = loadTypeScript();
console.log(ts.version, typeof ts.resolveModuleName);`;

function run(tmp: string): string {
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, TMPDIR: tmp },
    encoding: "utf8",
  });
  expect(child.stderr).toBe("");
  return child.stdout.trim();
}

describe("TypeScript code cache", () => {
  it("writes V8's code cache for typescript.js on the first run and loads the same compiler from it on the next", () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "graft-cache-home-"));
    const first = run(tmp);
    expect(first).toMatch(/^5\.\d+\.\d+ function$/);
    const [folder] = readdirSync(tmp).filter((name) => name.startsWith("graft-code-cache-"));
    expect(readdirSync(path.join(tmp, folder!))).toEqual([expect.stringMatching(/^typescript-[0-9a-f]{24}\.bin$/)]);
    expect(run(tmp)).toBe(first);
  });

  it("never reads or writes a cache folder others can write to", () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "graft-cache-home-"));
    const shared = path.join(tmp, `graft-code-cache-${process.getuid?.() ?? "user"}`);
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(run(tmp)).toMatch(/^5\.\d+\.\d+ function$/);
    expect(readdirSync(shared)).toEqual([]);
  });
});
