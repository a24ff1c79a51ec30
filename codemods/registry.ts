import type { BuiltinCodemod } from "../src/codemod/custom-transform-types.js";

/** Built-in codemods a manifest step names by `transform: <name>`; each loads lazily. */
export const builtinCodemods: readonly BuiltinCodemod[] = [
  {
    name: "rename-module-specifier",
    description: "Points imports, re-exports, require() and import() of one module (or a module prefix) at another",
    load: () => import("./rename-module-specifier/index.js"),
  },
  {
    name: "rename-export",
    description: "Renames an exported symbol in its module and in every import of it (options: module, from, to)",
    load: () => import("./rename-export/index.js"),
  },
  {
    name: "replace-import",
    description: "Moves named imports from one module to another (options: from, to, names)",
    load: () => import("./replace-import/index.js"),
  },
];
