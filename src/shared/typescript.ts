import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import type * as TS from "typescript";

const require = createRequire(import.meta.url);
let loaded: typeof TS | undefined;

/**
 * The TypeScript compiler API, loaded on first use through require (ESM-importing its 9 MB CommonJS bundle
 * costs over twice as long, and most commands never need it), with V8's code cache kept between runs.
 */
export function loadTypeScript(): typeof TS {
  return (loaded ??= loadWithCodeCache() ?? (require("typescript") as typeof TS));
}

/**
 * Compiling typescript.js is most of its load time; V8 can reuse the machine code of an earlier run (what
 * Node 22's compile cache does for every module). The cache lives in the temp folder, keyed by the file, its
 * size and mtime, and the Node version; a rejected or unreadable cache just means compiling as usual.
 */
function loadWithCodeCache(): typeof TS | undefined {
  if (process.env.GRAFT_NO_CODE_CACHE) return undefined;
  try {
    const file = require.resolve("typescript");
    const stat = statSync(file);
    const key = createHash("sha256")
      .update(`${file}\0${stat.size}\0${stat.mtimeMs}\0${process.version}\0${process.arch}`)
      .digest("hex")
      .slice(0, 24);
    const cacheDir = path.join(os.tmpdir(), `graft-code-cache-${process.getuid?.() ?? "user"}`);
    const cacheFile = path.join(cacheDir, `typescript-${key}.bin`);
    if (!isPrivateFolder(cacheDir)) return undefined;
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, cachedData });
    const module = { exports: {} as unknown };
    const wrapper = script.runInThisContext() as (
      exports: unknown,
      require: NodeJS.Require,
      module: unknown,
      filename: string,
      dirname: string,
    ) => void;
    wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
    if (cachedData === undefined || script.cachedDataRejected) {
      // Written at exit, so the cache also holds the functions this run compiled (scanner, resolver).
      process.once("exit", () => saveCodeCache(script, cacheDir, cacheFile));
    }
    return module.exports as typeof TS;
  } catch {
    return undefined;
  }
}

/** True when `dir` is absent or a folder only this user can write: a cache others could plant is never read. */
function isPrivateFolder(dir: string): boolean {
  try {
    const stat = lstatSync(dir);
    return (
      stat.isDirectory() && (process.getuid === undefined || stat.uid === process.getuid()) && (stat.mode & 0o022) === 0
    );
  } catch {
    return true;
  }
}

function saveCodeCache(script: vm.Script, cacheDir: string, cacheFile: string): void {
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    if (!isPrivateFolder(cacheDir)) return;
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
  } catch {
    // A cache is an optimisation; failing to write it changes nothing else.
  }
}
