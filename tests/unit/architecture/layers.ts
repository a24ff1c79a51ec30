import { cruise, type ICruiseResult } from "dependency-cruiser";

/**
 * The layers of src/, lowest first. A folder imports only folders before it (and itself): leaves first, then the
 * language knowledge, then the pipeline's stages in the order data flows through them, then the composition that
 * wires them, the public entry points, and the CLI on top.
 */
export const layers = [
  ["model", "shared"],
  ["lang"],
  ["manifest"],
  ["scan"],
  ["classify"],
  ["codemod"],
  ["plan"],
  ["backup"],
  ["apply"],
  ["verify"],
  ["equivalence"],
  ["report"],
  ["pipeline"],
  ["demo"],
  ["index.ts", "internal.ts", "diff.ts"],
  ["cli"],
] as const;

const folderPattern = (name: string) => (name.endsWith(".ts") ? `^src/${name.replace(".", "\\.")}$` : `^src/${name}/`);

/** One rule per layer: nothing in it reaches a layer above it. */
function stageOrderRules() {
  return layers.flatMap((layer, index) => {
    const above = layers.slice(index + 1).flat();
    if (above.length === 0) return [];
    return layer.map((name) => ({
      name: `stage-order: ${name} imports only layers below it`,
      severity: "error",
      from: { path: folderPattern(name) },
      to: { path: above.map(folderPattern) },
    }));
  });
}

const stagesThatMayTouchDisk = "^src/(scan|apply|backup|equivalence|shared|pipeline|demo)/";
const nodeIo = "^(fs|node:fs|fs/promises|node:fs/promises|child_process|node:child_process)$";

/** The architecture's dependency rules, enforced on graft itself. */
export const ruleSet = {
  forbidden: [
    ...stageOrderRules(),
    {
      name: "leaves-import-nothing-of-graft",
      severity: "error",
      from: { path: "^src/(model|shared)/" },
      to: { path: "^src/", pathNot: "^src/(model|shared)/" },
    },
    { name: "model-does-no-io", severity: "error", from: { path: "^src/model/" }, to: { path: nodeIo } },
    {
      name: "cli-only-through-the-entry-points",
      severity: "error",
      from: { path: "^src/cli/" },
      // Start-up: the program (help, version, exit codes) needs only these two leaves; the library loads with a command.
      to: {
        path: "^src/",
        pathNot: [
          "^src/cli/",
          "^src/index\\.ts$",
          "^src/internal\\.ts$",
          "^src/diff\\.ts$",
          "^src/shared/errors\\.ts$",
          "^src/shared/version\\.ts$",
        ],
      },
    },
    { name: "report-does-no-io", severity: "error", from: { path: "^src/report/" }, to: { path: nodeIo } },
    { name: "classify-is-pure", severity: "error", from: { path: "^src/classify/" }, to: { path: nodeIo } },
    { name: "lang-is-pure", severity: "error", from: { path: "^src/lang/" }, to: { path: nodeIo } },
    { name: "plan-does-no-io-but-through-scan", severity: "error", from: { path: "^src/plan/" }, to: { path: nodeIo } },
    {
      name: "only-io-stages-spawn",
      severity: "error",
      from: { path: "^src/", pathNot: [stagesThatMayTouchDisk, "^src/cli/", "^src/codemod/custom-transform"] },
      to: { path: "^(child_process|node:child_process)$" },
    },
    {
      name: "one-typescript-compiler: the project's typescript, never ts-morph's bundled one",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(node_modules/)?(ts-morph|@ts-morph)(/|$)" },
    },
    {
      name: "typescript-loads-on-first-use: through shared/typescript.ts, types only elsewhere",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/shared/typescript\\.ts$" },
      to: { path: "^(node_modules/)?typescript(/|$)", dependencyTypesNot: ["type-only", "type-import"] },
    },
    {
      name: "diff-entry-stays-light: graft diff loads no pipeline stage, parser, schema or compiler",
      severity: "error",
      from: { path: "^src/diff\\.ts$" },
      to: {
        path: [
          "^src/(lang|manifest|scan|classify|codemod|plan|backup|apply|verify|pipeline|demo)/",
          // experiment-types.ts holds types only (the GitHub summary names an equivalence report's shape).
          "^src/equivalence/experiments/(?!experiment-types\\.ts$)",
          "^(node_modules/)?(typescript|yaml|zod|fast-glob|tree-sitter|tree-sitter-python|jscodeshift)(/|$)",
        ],
        reachable: true,
      },
    },
    { name: "no-circular", severity: "error", from: { path: "^src/" }, to: { circular: true } },
  ],
};

/** Runs dependency-cruiser over `root`'s src/ and bin/, type-only imports counted (they couple layers too). */
export async function cruiseSource(rules: object, root: string): Promise<ICruiseResult> {
  const previous = process.cwd();
  process.chdir(root);
  try {
    const output = await cruise(["src", "bin"], {
      validate: true,
      ruleSet: rules as never,
      tsPreCompilationDeps: true,
      tsConfig: { fileName: "tsconfig.json" },
      // Packages are seen (the compiler rules look at them) but not cruised.
      doNotFollow: { path: "node_modules" },
    });
    return output.output as ICruiseResult;
  } finally {
    process.chdir(previous);
  }
}
