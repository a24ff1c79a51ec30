// Peer driver: a jscodeshift transform that re-points relative specifiers into or out of a moved folder (old layout
// → new), then the folder is renamed.
//   node jscodeshift-move.cjs ROOT FROM TO DIR…   (DIR: folders to transform, relative to ROOT)
const fs = require("node:fs");
const path = require("node:path");

if (require.main === module) {
  const [root, from, to, ...dirs] = process.argv.slice(2);
  const { run } = require(require.resolve("jscodeshift/src/Runner.js", { paths: [process.cwd(), __dirname] }));
  Object.assign(process.env, { BENCH_ROOT: root, BENCH_FROM: from, BENCH_TO: to });
  run(__filename, dirs.map((dir) => path.join(root, dir)), {
    parser: "ts",
    extensions: "ts,tsx,js,mjs,cjs",
    ignorePattern: ["**/node_modules/**"],
    silent: true,
    verbose: 0,
    babel: false,
  }).then((stats) => {
    fs.mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
    fs.renameSync(path.join(root, from), path.join(root, to));
    console.log(JSON.stringify(stats));
  });
} else {
  const inside = (p, from) => p === from || p.startsWith(from + "/");
  module.exports = function transform(file, api) {
    const { BENCH_ROOT: root, BENCH_FROM: from, BENCH_TO: to } = process.env;
    const rebase = (p) => (inside(p, from) ? to + p.slice(from.length) : p);
    const j = api.jscodeshift;
    const oldFile = path.relative(root, file.path).split(path.sep).join("/");
    const newFile = rebase(oldFile);
    const tree = j(file.source);
    let changed = false;
    const repoint = (literal) => {
      if (!literal || typeof literal.value !== "string" || !literal.value.startsWith(".")) return;
      const target = path.posix.join(path.posix.dirname(oldFile), literal.value);
      if (!inside(target, from) && newFile === oldFile) return;
      let next = path.posix.relative(path.posix.dirname(newFile), rebase(target));
      if (!next.startsWith(".")) next = "./" + next;
      if (next !== literal.value) {
        literal.value = next;
        changed = true;
      }
    };
    tree.find(j.ImportDeclaration).forEach((p) => repoint(p.node.source));
    tree.find(j.ExportNamedDeclaration).forEach((p) => repoint(p.node.source));
    tree.find(j.ExportAllDeclaration).forEach((p) => repoint(p.node.source));
    tree.find(j.TSImportType).forEach((p) => repoint(p.node.argument));
    tree.find(j.CallExpression, { callee: { type: "Import" } }).forEach((p) => repoint(p.node.arguments[0]));
    tree.find(j.ImportExpression).forEach((p) => repoint(p.node.source));
    return changed ? tree.toSource({ quote: "single" }) : undefined;
  };
}
