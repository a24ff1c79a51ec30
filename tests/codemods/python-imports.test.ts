import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { textReferenceRewriter } from "../../src/codemod/text-references.js";
import { pythonImportRewriter } from "../../src/lang/python/python-move-rewriter.js";
import { readTree, rewriteTree, writeTree } from "../unit/lang/python/move-tree.js";

/** Imports every module of each expected tree (one interpreter, fresh module table per case) and runs its doctests. */
const importAllScript = `
import doctest, importlib, json, os, pathlib, sys
baseline, base_path, failures = set(sys.modules), list(sys.path), []
for case, roots in json.loads(sys.argv[1]):
    sys.path[:] = [os.path.join(case, root) for root in roots] + base_path
    for root in roots:
        for file in sorted(pathlib.Path(case, root).rglob("*.py")):
            parts = list(file.relative_to(pathlib.Path(case, root)).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            try:
                module = importlib.import_module(".".join(parts))
                failures += [f"{case}: doctest {module.__name__}"] if doctest.testmod(module, report=False).failed else []
            except Exception as error:
                failures.append(f"{case}: {file}: {error!r}")
    for name in set(sys.modules) - baseline:
        del sys.modules[name]
    importlib.invalidate_caches()
print("\\n".join(failures))
sys.exit(1 if failures else 0)
`;

const fixtures = path.resolve(import.meta.dirname, "../../fixtures/python");
const cases = readdirSync(fixtures).filter((name) => existsSync(path.join(fixtures, name, "case.json")));

describe("python move fixtures (input → expected)", () => {
  it("expected trees import and pass their doctests", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "graft-py-fixtures-"));
    try {
      const runs: [string, string[]][] = cases.map((name) => {
        const meta = JSON.parse(readFileSync(path.join(fixtures, name, "case.json"), "utf8")) as {
          manifest?: { python?: { roots?: string[] } };
        };
        writeTree(path.join(dir, name), readTree(path.join(fixtures, name, "expected")));
        return [name, meta.manifest?.python?.roots ?? ["."]];
      });
      const run = spawnSync("python3", ["-c", importAllScript, JSON.stringify(runs)], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
      });
      expect(run.status, run.stdout + run.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("has a fixture pair per form", () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of cases) {
    it(name, async () => {
      const meta = JSON.parse(readFileSync(path.join(fixtures, name, "case.json"), "utf8")) as {
        moves: { from: string; to: string }[];
        manifest?: Record<string, unknown>;
      };
      const input = readTree(path.join(fixtures, name, "input"));
      const expected = readTree(path.join(fixtures, name, "expected"));
      const { tree, results } = await rewriteTree(
        [pythonImportRewriter, textReferenceRewriter],
        input,
        meta.moves,
        meta.manifest,
      );
      expect(tree).toEqual(expected);
      const edits = results.flatMap((r) => r.edits);
      for (const edit of edits)
        expect(edit.before).toBe(Buffer.from(input[edit.file], "utf8").subarray(edit.start, edit.end).toString("utf8"));
    });
  }
});
