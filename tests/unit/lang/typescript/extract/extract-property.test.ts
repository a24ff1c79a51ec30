import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { planTypeScriptExtract } from "../../../../../src/lang/typescript/extract/plan-extract.js";
import { InvalidInputError } from "../../../../../src/shared/errors.js";
import { applyResult } from "./fixture-harness.js";

type Kind = "fn" | "const" | "type";
interface UnitSpec {
  kind: Kind;
  exported: boolean;
  deps: number[];
  usesBase: boolean;
}

const options: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  noEmit: true,
  types: [],
  noLib: true,
};
// The global types the generated code needs, instead of the default libraries (which make every check slow).
const miniLib = [
  "interface Array<T> { length: number; [n: number]: T }",
  "interface Boolean {}",
  "interface Function {}",
  "interface CallableFunction {}",
  "interface NewableFunction {}",
  "interface IArguments {}",
  "interface Number {}",
  "interface Object {}",
  "interface RegExp {}",
  "interface String {}",
].join("\n");

/** Type-checks an in-memory tree (root "/p"); returns the diagnostics' text. */
function typeCheck(tree: ReadonlyMap<string, Buffer>): string[] {
  const host = ts.createCompilerHost(options);
  const files = new Map([...tree].map(([p, b]) => [`/p/${p}`, b.toString("utf8")]));
  files.set("/p/globals.d.ts", miniLib);
  host.fileExists = (f) => files.has(f);
  host.directoryExists = (d) => [...files.keys()].some((f) => f.startsWith(d.endsWith("/") ? d : d + "/"));
  host.realpath = (f) => f;
  host.readFile = (f) => files.get(f);
  host.getSourceFile = (f, version) => {
    const text = files.get(f);
    return text === undefined ? undefined : ts.createSourceFile(f, text, version);
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}

/** Renders a module of units u0…un whose references follow `deps`, plus a staying function and an importer. */
function renderProject(units: UnitSpec[], keepDeps: number[]): Map<string, Buffer> {
  const kindOf = (i: number): Kind => units[i]!.kind;
  const valueRefs = (deps: number[]): string =>
    deps
      .filter((d) => kindOf(d) !== "type")
      .map((d) => (kindOf(d) === "fn" ? ` + u${d}(1)` : ` + u${d}`))
      .join("");
  const typeRefs = (deps: number[]): string =>
    deps
      .filter((d) => kindOf(d) === "type")
      .map((d) => `u${d}`)
      .join(", ");
  const lines = ['import { base, other } from "./base.js";', ""];
  units.forEach((unit, i) => {
    const exp = unit.exported ? "export " : "";
    const base = unit.usesBase ? " + base" : "";
    if (unit.kind === "fn") {
      lines.push(
        `/** u${i} */`,
        `${exp}function u${i}(x: number): number {`,
        `  const tag: [${typeRefs(unit.deps)}] | undefined = undefined;`,
        `  return x${valueRefs(unit.deps)}${base} + (tag ? 1 : 0);`,
        "}",
        "",
      );
    } else if (unit.kind === "const") {
      const earlier = unit.deps.filter((d) => d < i || kindOf(d) !== "const");
      lines.push(`${exp}const u${i}: number = 1${valueRefs(earlier)}${base};`, "");
    } else {
      const fields = unit.deps
        .filter((d) => kindOf(d) === "type")
        .map((d) => `; d${d}?: u${d}`)
        .join("");
      lines.push(`${exp}type u${i} = { v: number${fields} };`, "");
    }
  });
  lines.push(
    `export function keep(): number {`,
    `  const tag: [${typeRefs(keepDeps)}] | undefined = undefined;`,
    `  return other${valueRefs(keepDeps)} + (tag ? 1 : 0);`,
    "}",
    "",
  );
  const exportedValues = units.flatMap((u, i) => (u.exported && u.kind !== "type" ? [`u${i}`] : []));
  const exportedTypes = units.flatMap((u, i) => (u.exported && u.kind === "type" ? [`u${i}`] : []));
  const importer = [
    `import { ${[...exportedValues, ...exportedTypes.map((t) => `type ${t}`), "keep"].join(", ")} } from "./main.js";`,
    "",
    `export const used = [${[...exportedValues, "keep"].join(", ")}];`,
    `export type Used = [${exportedTypes.join(", ")}];`,
    "",
  ];
  return new Map([
    ["base.ts", Buffer.from("export const base = 1;\nexport const other = 2;\n")],
    ["main.ts", Buffer.from(lines.join("\n"))],
    ["app.ts", Buffer.from(importer.join("\n"))],
  ]);
}

const unitArb = (count: number): fc.Arbitrary<UnitSpec> =>
  fc.record({
    kind: fc.constantFrom<Kind>("fn", "fn", "const", "type"),
    exported: fc.boolean(),
    deps: fc.uniqueArray(fc.nat({ max: count - 1 }), { maxLength: 3 }),
    usesBase: fc.boolean(),
  });

const projectArb = fc.integer({ min: 2, max: 6 }).chain((count) =>
  fc.record({
    units: fc.array(unitArb(count), { minLength: count, maxLength: count }),
    keepDeps: fc.uniqueArray(fc.nat({ max: count - 1 }), { maxLength: 3 }),
    picked: fc.uniqueArray(fc.nat({ max: count - 1 }), { minLength: 1, maxLength: count }),
    shim: fc.boolean(),
    to: fc.constantFrom("moved.ts", "lib/deep/moved.ts"),
  }),
);

describe("extract on generated modules", () => {
  it("either refuses with an InvalidInputError or leaves a project that type-checks", () => {
    fc.assert(
      fc.property(projectArb, ({ units, keepDeps, picked, shim, to }) => {
        // Self-references are fine for functions but make consts circular; drop them.
        units.forEach((u, i) => {
          u.deps = u.deps.filter((d) => d !== i);
        });
        const tree = renderProject(units, keepDeps);
        expect(typeCheck(tree)).toEqual([]);
        const symbols = picked.map((i) => `u${i}`);
        let result: ReturnType<typeof planTypeScriptExtract>;
        try {
          result = planTypeScriptExtract({
            root: "/p",
            files: [...tree.keys()],
            readFile: (p) => tree.get(p)!,
            from: "main.ts",
            symbols,
            to,
            shim,
            compilerOptions: options,
          });
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
          expect((error as Error).message).toMatch(/^extract: .*would import each other/);
          return;
        }
        const after = applyResult(tree, result);
        expect(typeCheck(after)).toEqual([]);
        const moved = after.get(to)!.toString("utf8");
        const declares = (name: string): RegExp => new RegExp(`^(export )?(function|const|type) ${name}\\b`, "m");
        for (const name of symbols) expect(moved).toMatch(declares(name));
        const old = after.get("main.ts")!.toString("utf8");
        for (const name of result.movedSymbols) expect(old).not.toMatch(declares(name));
      }),
      { numRuns: Number(process.env.EXTRACT_PROPERTY_RUNS ?? 30) },
    );
  });
});
