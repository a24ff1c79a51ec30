#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/src/cli/main.js) into dist/cli/ for `bin/graft.js`: `npm run build` runs it after
 * tsc. Loading the library as ~480 separate modules (graft's own and zod's, yaml's, fast-glob's…) cost every command
 * about 0.35 s of module resolution, file reads and compilation before it did anything, and ~14 MB; as a handful of
 * chunks it loads in a fraction of that. Code splitting keeps each command's code in its own chunk, loaded only when
 * that command runs, as the unbundled registry does.
 *
 * Left outside the bundle: packages that are native addons (tree-sitter), that graft loads lazily on purpose
 * (typescript, through shared/typescript.ts and its code cache) or that are large and needed by few commands
 * (jscodeshift, ts-morph). Files that graft starts by path from next to the module that starts them (the write
 * worker, the equivalence module runner, the diff's row-slice worker) are entry points of their own, so they sit beside the chunks that name them.
 * The library itself (`import … from "graft"`) stays unbundled in dist/src/.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.join(root, "dist/cli");
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: "dist/src/cli/main.js",
    "write-worker": "dist/src/apply/write-worker.js",
    "module-runner": "dist/src/equivalence/experiments/module-runner.js",
    "row-slice-worker": "dist/src/equivalence/diff/row-slice-worker.js",
  },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "chunk-[hash]",
  // jsonc-parser's CommonJS build is UMD, whose require() calls a bundler cannot follow; its ES build bundles.
  mainFields: ["module", "main"],
  external: ["typescript", "tree-sitter", "tree-sitter-python", "jscodeshift", "ts-morph", "esbuild", "tsx"],
  // CommonJS dependencies call require() for Node's modules; an ES module has none unless it makes one.
  banner: {
    js: 'import { createRequire as graftCreateRequire } from "node:module";\nconst require = graftCreateRequire(import.meta.url);',
  },
  sourcemap: "linked",
  logLevel: "warning",
});
