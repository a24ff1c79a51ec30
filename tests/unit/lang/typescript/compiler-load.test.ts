import { describe, expect, it, vi } from "vitest";
import { compilerEnums, fallbackOptions } from "../../../../src/lang/typescript/load-compiler-options.js";
import { verifyTypeScriptImports } from "../../../../src/lang/typescript/typescript-import-verifier.js";
import * as compiler from "../../../../src/shared/typescript.js";
import { memoryContext } from "./helpers/memory-context.js";

// Counts compiler loads while keeping the real compiler behind them.
vi.mock("../../../../src/shared/typescript.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../../../src/shared/typescript.js")>();
  return { ...original, loadTypeScript: vi.fn(original.loadTypeScript) };
});

const loads = vi.mocked(compiler.loadTypeScript);

/** A Python package with two stray scripts (docs and examples), as real Python repositories have. */
const tree = {
  "pkg/__init__.py": "",
  "pkg/flow/__init__.py": "from .core import run\n",
  "pkg/flow/core.py": "def run():\n    return 1\n",
  "doc/_static/copybutton.js": `import { copy } from "./clipboard.js";\ncopy();\n`,
  "doc/_static/clipboard.js": "export function copy() {}\n",
  "examples/force.js": `const d3 = require("d3");\nd3.select("body");\n`,
};
const move = { from: "pkg/flow", to: "pkg/algorithms/flow" };
const scopeOf = (touched: string[]) => ({ moves: [move], touched: new Set(touched) });

describe("when the TypeScript compiler is loaded", () => {
  it("writes out the fallback options' enum values as the compiler defines them", () => {
    const ts = compiler.loadTypeScript();
    expect(compilerEnums).toEqual({
      moduleCommonJS: ts.ModuleKind.CommonJS,
      moduleESNext: ts.ModuleKind.ESNext,
      resolutionNode10: ts.ModuleResolutionKind.Node10,
      resolutionBundler: ts.ModuleResolutionKind.Bundler,
    });
    expect(fallbackOptions("bundler")).toMatchObject({ moduleResolution: ts.ModuleResolutionKind.Bundler });
    expect(fallbackOptions("node10")).toMatchObject({ moduleResolution: ts.ModuleResolutionKind.Node10 });
  });

  it("is not loaded by the post-apply check when no script can resolve differently (a Python move)", () => {
    loads.mockClear();
    const context = memoryContext(tree, [move]);
    const result = verifyTypeScriptImports(context, scopeOf(["pkg/flow/__init__.py", "pkg/algorithms/flow/core.py"]));
    expect(result).toMatchObject({ unresolved: [], checked: 0 });
    expect(loads).not.toHaveBeenCalled();
  });

  it("is loaded once a script's specifier has to be resolved again, and its verdict stands", () => {
    loads.mockClear();
    const broken = { ...tree, "doc/_static/copybutton.js": `import "../../pkg/flow/core.js";\n` };
    const context = memoryContext(broken, [move]);
    const result = verifyTypeScriptImports(context, scopeOf(["pkg/flow/core.py", "pkg/algorithms/flow/core.py"]));
    expect(result.unresolved.map((u) => u.specifier)).toEqual(["../../pkg/flow/core.js"]);
    expect(loads).toHaveBeenCalled();
  });
});
