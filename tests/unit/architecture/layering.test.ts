import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ICruiseResult } from "dependency-cruiser";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../helpers/copy-fixture.js";
import { cruiseSource, layers, ruleSet } from "./layers.js";

/** Folder-level import graph of src/ (first-level folders, lang/<language> counted as lang). */
function folderCycles(result: ICruiseResult): string[] {
  const folderOf = (file: string) => file.match(/^src\/([^/]+)\//)?.[1];
  const edges = new Map<string, Set<string>>();
  for (const module of result.modules) {
    const from = folderOf(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = folderOf(dependency.resolved);
      if (to && to !== from) (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
    }
  }
  const cycles: string[] = [];
  for (const [from, targets] of edges)
    for (const to of targets) if (edges.get(to)?.has(from) && from < to) cycles.push(`${from} ↔ ${to}`);
  return cycles;
}

let result: ICruiseResult;

beforeAll(async () => {
  result = await cruiseSource(ruleSet, repoRoot);
}, 120_000);

describe("layering", () => {
  it("imports only point down the layers; pure stages do no I/O; no module cycles", () => {
    const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
  });

  it("has no cycles between folders", () => {
    expect(folderCycles(result)).toEqual([]);
  });

  it("actually saw the source tree, every folder of which has a layer", () => {
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    const placed = new Set<string>(layers.flat());
    const folders = new Set(
      result.modules.map((m) => m.source.match(/^src\/([^/]+)/)?.[1]).filter((f) => f !== undefined),
    );
    expect([...folders].filter((folder) => !placed.has(folder))).toEqual([]);
  });
});

describe("the rules themselves", () => {
  it("catch a deliberately backward import and a folder cycle", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "graft-layering-"));
    try {
      const write = (file: string, text: string) => {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), text);
      };
      write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" } }));
      write(
        "src/pipeline/apply-plan.ts",
        'import { sample } from "../model/sample.js";\nexport const applyPlan = () => sample;\n',
      );
      write(
        "src/model/sample.ts",
        'import { applyPlan } from "../pipeline/apply-plan.js";\nexport const sample = 1;\nexport const back = applyPlan;\n',
      );
      write(
        "src/lang/compiler-probe.ts",
        'import type { Node } from "typescript";\nimport ts from "typescript";\nimport { Project } from "ts-morph";\n' +
          "export const probe: [unknown, unknown, Node?] = [ts, Project];\n",
      );
      mkdirSync(path.join(root, "bin"));
      const probe = await cruiseSource(ruleSet, root);
      const names = probe.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
      expect(names).toContain(
        "stage-order: model imports only layers below it: src/model/sample.ts → src/pipeline/apply-plan.ts",
      );
      expect(names).toContain("leaves-import-nothing-of-graft: src/model/sample.ts → src/pipeline/apply-plan.ts");
      expect(names.some((name) => name.startsWith("no-circular:"))).toBe(true);
      const compilerRules = names.filter((name) => name.includes("compiler-probe")).sort();
      expect(compilerRules).toEqual([
        "one-typescript-compiler: the project's typescript, never ts-morph's bundled one: src/lang/compiler-probe.ts → ts-morph",
        "typescript-loads-on-first-use: through shared/typescript.ts, types only elsewhere: src/lang/compiler-probe.ts → typescript",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
