import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { planPythonExtract } from "../../../../../src/lang/python/extract/plan-python-extract.js";
import { InvalidInputError } from "../../../../../src/shared/errors.js";
import { applyResult } from "../../typescript/extract/fixture-harness.js";
import { pythonExecutable } from "./python-tree.js";

type Kind = "fn" | "helper" | "const" | "private-const";
interface UnitSpec {
  kind: Kind;
  /** Indices of earlier units it uses (acyclic, so every call ends). */
  deps: number[];
  usesMath: boolean;
}

const nameOf = (units: UnitSpec[], i: number): string => {
  const kind = units[i]!.kind;
  return kind === "fn" ? `f${i}` : kind === "helper" ? `_h${i}` : kind === "const" ? `C${i}` : `_K${i}`;
};
const isFunction = (kind: Kind): boolean => kind === "fn" || kind === "helper";

/** main.py with the units in order, a staying `keep()`, and app.py printing every public value. */
function renderProject(units: UnitSpec[], keepDeps: number[]): Map<string, Buffer> {
  const use = (i: number): string => (isFunction(units[i]!.kind) ? `${nameOf(units, i)}(x % 7)` : nameOf(units, i));
  const lines = ['"""A generated module."""', "import math", ""];
  units.forEach((unit, i) => {
    const name = nameOf(units, i);
    const math = unit.usesMath ? " + math.floor(2.5)" : "";
    if (isFunction(unit.kind)) {
      const terms = unit.deps.map((d) => ` + ${use(d)}`).join("");
      lines.push("", `def ${name}(x):`, `    """${name}."""`, `    return x * ${i + 2}${terms}${math}`, "");
    } else {
      // Constants use earlier constants only (functions are called lazily, constants are not).
      const terms = unit.deps
        .filter((d) => !isFunction(units[d]!.kind))
        .map((d) => ` + ${nameOf(units, d)}`)
        .join("");
      lines.push(`${name} = ${i + 1}${terms}${math}`, "");
    }
  });
  const keepTerms = keepDeps.map((d) => ` + ${use(d).replace("x % 7", "3")}`).join("");
  lines.push("", "def keep():", `    return 1${keepTerms}`, "");
  const publics = units.flatMap((u, i) => (u.kind === "fn" || u.kind === "const" ? [i] : []));
  const app = [
    `from main import ${[...publics.map((i) => nameOf(units, i)), "keep"].join(", ")}`,
    "",
    ...publics.map(
      (i) =>
        `print("${nameOf(units, i)}", ${isFunction(units[i]!.kind) ? `${nameOf(units, i)}(5)` : nameOf(units, i)})`,
    ),
    'print("keep", keep())',
    "",
  ];
  return new Map([
    ["main.py", Buffer.from(lines.join("\n"))],
    ["app.py", Buffer.from(app.join("\n"))],
  ]);
}

const unitArb = (i: number): fc.Arbitrary<UnitSpec> =>
  fc.record({
    kind: fc.constantFrom<Kind>("fn", "fn", "helper", "const", "private-const"),
    deps: i === 0 ? fc.constant([]) : fc.uniqueArray(fc.nat({ max: i - 1 }), { maxLength: 3 }),
    usesMath: fc.boolean(),
  });

const projectArb = fc.integer({ min: 2, max: 7 }).chain((count) =>
  fc.record({
    units: fc.tuple(...Array.from({ length: count }, (_, i) => unitArb(i))),
    keepDeps: fc.uniqueArray(fc.nat({ max: count - 1 }), { maxLength: 2 }),
    picked: fc.uniqueArray(fc.nat({ max: count - 1 }), { minLength: 1, maxLength: count }),
    shim: fc.boolean(),
    to: fc.constantFrom("moved.py", "pkg/deep/moved.py"),
  }),
);

/** Runs every tree's app.py in one Python process (fresh modules each time) and returns what each printed. */
function runApps(dirs: string[]): Record<string, string> {
  const driver = [
    "import contextlib, io, json, os, runpy, sys",
    "sys.dont_write_bytecode = True",
    "out = {}",
    "for d in json.load(sys.stdin):",
    "    for name in [m for m in sys.modules if m in ('main', 'moved', 'app') or m == 'pkg' or m.startswith('pkg.')]:",
    "        del sys.modules[name]",
    "    sys.path.insert(0, d)",
    "    buffer = io.StringIO()",
    "    try:",
    "        with contextlib.redirect_stdout(buffer):",
    "            runpy.run_path(os.path.join(d, 'app.py'), run_name='__main__')",
    "        out[d] = buffer.getvalue()",
    "    except Exception as error:",
    "        out[d] = f'error: {type(error).__name__}: {error}'",
    "    sys.path.remove(d)",
    "print(json.dumps(out))",
  ].join("\n");
  const run = spawnSync(pythonExecutable, ["-c", driver], { input: JSON.stringify(dirs), encoding: "utf8" });
  if (run.status !== 0) throw new Error(`python driver failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, string>;
}

function writeTree(dir: string, tree: ReadonlyMap<string, Buffer>): void {
  for (const [file, content] of tree) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "graft-py-extract-property-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("Python extract on generated modules", () => {
  it("either refuses with a named reason or leaves a program that prints exactly the same", () => {
    const seed = Number(process.env.EXTRACT_PROPERTY_SEED ?? Date.now() % 2 ** 31);
    const samples = fc.sample(projectArb, { numRuns: Number(process.env.EXTRACT_PROPERTY_RUNS ?? 40), seed });
    const pairs: { before: string; after: string; label: string }[] = [];
    let refused = 0;
    samples.forEach(({ units, keepDeps, picked, shim, to }, index) => {
      const tree = renderProject(units, keepDeps);
      const symbols = picked.map((i) => nameOf(units, i));
      const label = `seed ${seed}, sample ${index}: extract ${symbols.join(", ")} to ${to} (shim ${shim})`;
      let result: ReturnType<typeof planPythonExtract>;
      try {
        result = planPythonExtract({
          root: "/p",
          files: [...tree.keys()],
          readFile: (p) => tree.get(p)!,
          from: "main.py",
          symbols,
          to,
          shim,
        });
      } catch (error) {
        expect(error, label).toBeInstanceOf(InvalidInputError);
        expect((error as Error).message, label).toMatch(/^extract: .*would import each other while they load/);
        refused++;
        return;
      }
      const after = applyResult(tree, result);
      for (const name of result.movedSymbols) {
        expect(after.get(to)!.toString("utf8"), label).toMatch(new RegExp(`^(def ${name}\\(|${name} = )`, "m"));
        expect(after.get("main.py")!.toString("utf8"), label).not.toMatch(
          new RegExp(`^(def ${name}\\(|${name} = )`, "m"),
        );
      }
      const before = path.join(scratch, `${index}-before`);
      const moved = path.join(scratch, `${index}-after`);
      writeTree(before, tree);
      writeTree(moved, after);
      pairs.push({ before, after: moved, label });
    });
    const outputs = runApps(pairs.flatMap((p) => [p.before, p.after]));
    for (const pair of pairs) {
      expect(outputs[pair.before], pair.label).not.toMatch(/^error:/);
      expect(outputs[pair.after], pair.label).toBe(outputs[pair.before]);
    }
    // Some extractions must go through, or the property says little.
    expect(pairs.length, `seed ${seed}`).toBeGreaterThan(0);
    expect(refused + pairs.length).toBe(samples.length);
  });
});
