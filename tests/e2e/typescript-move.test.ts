import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fg from "fast-glob";
import { afterAll, describe, expect, it } from "vitest";
import { buildFixtureContext } from "../unit/lang/typescript/helpers/fixture-context.js";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const temps: string[] = [];
afterAll(() =>
  temps.forEach((dir) => {
    rmSync(dir, { recursive: true, force: true });
  }),
);

function graft(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "bin/graft.js"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file of a tree (minus graft's own folder) → bytes. */
function snapshot(root: string): Map<string, Buffer> {
  const files = fg.sync(["**/*"], { cwd: root, dot: true, ignore: [".graft/**", "node_modules/**"] }).sort();
  return new Map(files.map((file) => [file, readFileSync(path.join(root, file))]));
}

function copyFixture(name: string): string {
  const source = path.join(repoRoot, "fixtures/typescript", name);
  const root = mkdtempSync(path.join(os.tmpdir(), `graft-e2e-ts-${name}-`));
  temps.push(root);
  cpSync(source, root, { recursive: true, filter: (file) => !file.startsWith(path.join(source, "expected")) });
  return root;
}

describe.each(["nodenext-js", "paths-aliases"])("graft plan, apply, verify and rollback on fixture %s", (name) => {
  it("applies exactly the expected tree, verifies clean, and rolls back to the original bytes", {
    timeout: 300_000,
  }, () => {
    const root = copyFixture(name);
    const before = snapshot(root);
    const { newPathOf } = buildFixtureContext(root);
    const expectedDir = path.join(repoRoot, "fixtures/typescript", name, "expected");
    const expected = snapshot(expectedDir);

    const plan = graft(root, "plan", "graft.yaml", "--json");
    expect(plan.status, plan.stderr).toBe(0);
    const parsed = JSON.parse(plan.stdout) as {
      summary: { editsByKind: Record<string, number> };
      operations: { op: string; edits?: unknown[] }[];
    };
    const editCount = parsed.operations.reduce((sum, op) => sum + (op.edits?.length ?? 0), 0);
    expect(parsed.summary.editsByKind["ts-import"]).toBe(editCount);

    const apply = graft(root, "apply", "graft.yaml", "--yes");
    expect(apply.status, apply.stderr).toBe(0);
    const after = snapshot(root);
    expect([...after.keys()].sort()).toEqual([...before.keys()].map(newPathOf).sort());
    for (const [file, bytes] of before) {
      const next = newPathOf(file);
      expect(after.get(next)?.toString("utf8"), next).toBe((expected.get(next) ?? bytes).toString("utf8"));
    }

    const verify = graft(root, "verify", "graft.yaml", "--json");
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect((JSON.parse(verify.stdout) as { unresolved: unknown[] }).unresolved).toEqual([]);

    const rollback = graft(root, "rollback", "--root", root, "--yes");
    expect(rollback.status, rollback.stderr).toBe(0);
    expect(snapshot(root)).toEqual(before);
  });
});

describe("graft verify", () => {
  it("exits 1 and names file:line:col of each import a hand-made move broke, and runs verify.commands", {
    timeout: 300_000,
  }, () => {
    const root = copyFixture("bundler-extensionless");
    rmSync(path.join(root, "src/theme/colors.ts"));
    writeFileSync(
      path.join(root, "graft.yaml"),
      readFileSync(path.join(root, "graft.yaml"), "utf8") + 'verify:\n  commands:\n    - node -e "process.exit(3)"\n',
    );
    const result = graft(root, "verify", "graft.yaml");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("unresolved src/components/tone.ts:1:25 ../theme/colors");
    expect(result.stdout).toContain("unresolved src/theme/index.ts:1:16 ./colors");
    expect(result.stdout).toMatch(/command failed \(exit 3\)/);
    const json = graft(root, "verify", "graft.yaml", "--json", "--no-commands");
    expect(json.status).toBe(1);
    expect((JSON.parse(json.stdout) as { commands: unknown[] }).commands).toEqual([]);
  });
});
