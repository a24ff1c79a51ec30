import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runGraftInProcess } from "../helpers/run-cli-in-process.js";
import { makeSandbox, sampleManifest } from "./sandbox.js";

/** Every call on hostile input ends like this: the code, one line on stderr without a stack, well within 10 s. */
function expectRefusal(result: { code: number; stderr: string; ms: number }, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).toMatch(pattern);
  // A hang guard, not a speed check: a refusal that loops or hangs would take minutes.
  expect(result.ms).toBeLessThan(60_000);
}

async function validate(text: string, name = "graft.yaml", files?: Record<string, string>) {
  const box = makeSandbox(files);
  const file = path.join(box.root, name);
  writeFileSync(file, text);
  const before = box.outside();
  const result = await runGraftInProcess(["validate", file]);
  expect(box.changedOutside(before)).toEqual([]);
  return { ...result, box, file };
}

describe("defect 3: globs are checked like paths", () => {
  it("refuses an include that climbs out of the root", async () => {
    const result = await validate(sampleManifest('include: ["**/*", "../sibling/**"]\n'));
    expectRefusal(result, 2, /include\[1\]: .*inside root/);
  });

  it("refuses references.rewrite globs outside the root, hidden in braces too", async () => {
    expectRefusal(
      await validate(sampleManifest('references: { rewrite: ["../sibling/**"] }\n')),
      2,
      /references\.rewrite\[0\]: .*inside root/,
    );
    expectRefusal(
      await validate(sampleManifest('references: { report: ["{x,..}/sibling/**"] }\n')),
      2,
      /references\.report\[0\]: .*inside root/,
    );
  });

  it("refuses an absolute include instead of walking /etc and crashing", async () => {
    expectRefusal(await validate(sampleManifest('include: ["/etc/**"]\n')), 2, /include\[0\]: .*absolute/);
  });

  it("never edits a sibling file through a glob: apply refuses before writing", async () => {
    const box = makeSandbox();
    writeFileSync(path.join(box.sibling, "notes.md"), "see src/old/a.ts\n");
    const manifest = path.join(box.root, "graft.yaml");
    writeFileSync(
      manifest,
      sampleManifest('include: ["**/*", "../sibling/**"]\nreferences: { rewrite: ["**/*.md"] }\n'),
    );
    const before = box.outside();
    const result = await runGraftInProcess(["apply", manifest, "--yes", "--allow-dirty", "--no-verify"]);
    expectRefusal(result, 2, /include\[1\]/);
    expect(box.changedOutside(before)).toEqual([]);
    expect(existsSync(path.join(box.root, "src/old/a.ts"))).toBe(true);
  });
});

describe("defect 6: moves into or out of .git, .graft and node_modules are refused at validation", () => {
  it.each([
    ["to: .git/hooks/pre-commit", "{ from: src/old/a.ts, to: .git/hooks/pre-commit }", /moves\[0\]\.to: .*\.git/],
    ["to: .git", "{ from: src/old, to: .git }", /moves\[0\]\.to: .*\.git/],
    ["to: .graft/objects", "{ from: src/old, to: .graft/objects }", /moves\[0\]\.to: .*\.graft/],
    ["from: .git/config", "{ from: .git/config, to: src/config }", /moves\[0\]\.from: .*\.git/],
    ["to: a/node_modules/x", "{ from: src/old, to: lib/node_modules/x }", /moves\[0\]\.to: .*node_modules/],
  ])("%s", async (_, move, pattern) => {
    const files = { "src/old/a.ts": "export const a = 1;\n", ".git/config": "[core]\n", ".git/hooks/x": "" };
    const result = await validate(`version: 1\nname: t\nmoves:\n  - ${move}\n`, "graft.yaml", files);
    expectRefusal(result, 2, pattern);
  });

  it("refuses a step that moves into .git", async () => {
    const result = await validate(
      "version: 1\nname: t\nsteps:\n  - move: { from: src/old/a.ts, to: .git/hooks/post-checkout }\n",
    );
    expectRefusal(result, 2, /steps\[0\]\.move\.to: .*\.git/);
  });
});

describe("defect 10: timeouts are bounded", () => {
  it("refuses verify.timeoutSeconds beyond a day instead of overflowing the timer", async () => {
    const result = await validate(sampleManifest('verify: { commands: ["true"], timeoutSeconds: 2147484 }\n'));
    expectRefusal(result, 2, /verify\.timeoutSeconds: /);
  });

  it("refuses an experiment timeout beyond a day", async () => {
    const result = await validate(
      sampleManifest(
        'equivalence:\n  - name: e\n    module: { legacy: "a.ts#f", migrated: "b.ts#f", cases: c.json }\n    timeoutSeconds: 9999999\n',
      ),
    );
    expectRefusal(result, 2, /equivalence\[0\]\.timeoutSeconds: /);
  });
});

describe("defect 11: hostile manifests end in a one-line error, fast", () => {
  it("an undefined YAML alias", async () => {
    expectRefusal(await validate("version: 1\nname: *nowhere\n"), 2, /graft\.yaml:\d+:\d+: .*alias/);
  });

  it("an alias bomb (billion laughs)", async () => {
    let text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i < 10; i++)
      text += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(", ")}]\n`;
    expectRefusal(await validate(`${text}version: 1\nname: t\n`), 2, /graft\.yaml:\d+:\d+: .*alias/);
  });

  it("JSON nested 10,000 deep", async () => {
    const text = `{"version": 1, "name": "t", "x": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    expectRefusal(await validate(text, "graft.json"), 2, /graft\.json:\d+:\d+: .*nested/);
  });

  it("YAML nested 10,000 deep, in flow and in block style", async () => {
    expectRefusal(await validate(`x: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`), 2, /graft\.yaml:\d+:\d+: /);
    expectRefusal(await validate(`x: ${"- ".repeat(10_000)}1\n`), 2, /graft\.yaml:\d+:\d+: /);
  });

  it("a glob of over 65,536 characters", async () => {
    const result = await validate(sampleManifest(`include: ["${"a".repeat(70_000)}"]\n`));
    expectRefusal(result, 2, /include\[0\]: .*long/);
  });

  it("twenty brace groups in exclude (a million patterns)", async () => {
    const result = await validate(sampleManifest(`exclude: ["${"{a,b}".repeat(20)}"]\n`));
    expectRefusal(result, 2, /exclude\[0\]: .*brace/);
  });

  it("40,000 keys in one mapping (the duplicate-key check is linear)", async () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: 1\n`).join("");
    expectRefusal(await validate(`version: 1\nname: t\nextra:\n${keys}`), 2, /extra: unknown key/);
  });

  it("a duplicate key is still refused", async () => {
    expectRefusal(await validate("version: 1\nname: t\nname: u\n"), 2, /graft\.yaml:3:1: .*(duplicate|unique)/i);
  });

  it("10,000 moves (the overlap check is linear)", async () => {
    const moves = Array.from({ length: 10_000 }, (_, i) => `  - { from: src/s${i}, to: dst/t${i} }\n`).join("");
    expectRefusal(await validate(`version: 1\nname: t\nmoves:\n${moves}`), 2, /moves\[0\]\.from: does not exist/);
  });

  it("overlapping moves among many are named as before", async () => {
    const moves = Array.from({ length: 3_000 }, (_, i) => `  - { from: src/s${i}, to: dst/t${i} }\n`).join("");
    const result = await validate(`version: 1\nname: t\nmoves:\n${moves}  - { from: dst/t7/x, to: z }\n`);
    expectRefusal(result, 2, /moves\[3000\]\.from: overlaps moves\[7\]\.to \(dst\/t7\)/);
  });

  it("a path of 50,000 segments", async () => {
    const deep = Array(50_000).fill("a").join("/");
    expectRefusal(await validate(sampleManifest().replace("to: src/new", `to: ${deep}`)), 2, /moves\[0\]\.to: .*long/);
  });

  it("a manifest of several megabytes", async () => {
    const result = await validate(`version: 1\nname: t\ndescription: "${"x".repeat(3 * 1024 * 1024)}"\n`);
    expectRefusal(result, 2, /graft\.yaml: .*larger than/);
  });
});

describe("defect 12: validate catches every input error apply would", () => {
  it("a tsconfig that does not exist", async () => {
    const result = await validate(sampleManifest("typescript: { tsconfig: tsconfig.missing.json }\n"));
    expectRefusal(result, 2, /typescript\.tsconfig: .*does not exist/);
  });

  it("a file name of 256 bytes", async () => {
    const result = await validate(sampleManifest().replace("to: src/new", `to: src/${"n".repeat(256)}`));
    expectRefusal(result, 2, /moves\[0\]\.to: .*255 bytes/);
  });

  it("a newline in a path", async () => {
    const result = await validate(sampleManifest().replace("to: src/new", 'to: "src/new\\nline"'));
    expectRefusal(result, 2, /moves\[0\]\.to: .*control character/);
  });

  it("from: .git/config", async () => {
    const files = { ".git/config": "[core]\n", "src/a.ts": "" };
    const result = await validate("version: 1\nname: t\nmoves:\n  - { from: .git/config, to: x }\n", "g.yaml", files);
    expectRefusal(result, 2, /moves\[0\]\.from: /);
  });

  it("a file where a folder of the destination must go", async () => {
    const box = await validate(sampleManifest().replace("to: src/new", "to: README.md/new"));
    expectRefusal(box, 2, /moves\[0\]\.to: .*README\.md is a file/);
  });
});

describe("defect 15: a byte-order mark in a JSON manifest", () => {
  it("is accepted", async () => {
    const box = makeSandbox();
    const file = path.join(box.root, "graft.json");
    writeFileSync(
      file,
      `\uFEFF${JSON.stringify({ version: 1, name: "bom", moves: [{ from: "src/old", to: "src/new" }] })}`,
    );
    const result = await runGraftInProcess(["validate", file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("valid (1 move(s)");
  });

  it("is accepted in YAML too", async () => {
    const box = makeSandbox();
    mkdirSync(path.join(box.root, "cfg"));
    const file = path.join(box.root, "cfg/graft.yaml");
    writeFileSync(file, `\uFEFF${sampleManifest().replace("name: sample", "name: bom\nroot: ..")}`);
    const result = await runGraftInProcess(["validate", file]);
    expect(result.code, result.stderr).toBe(0);
  });
});

describe("found by the property tests", () => {
  it("a folder move whose folder no include glob matches plans and applies (was exit 70)", async () => {
    const box = makeSandbox();
    const file = path.join(box.root, "graft.yaml");
    writeFileSync(file, sampleManifest('include: ["**/*.ts", "**/*.py"]\n'));
    const plan = await runGraftInProcess(["plan", file]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/2 files moved/);
    const applied = await runGraftInProcess(["apply", file, "--yes", "--allow-dirty", "--no-verify"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(existsSync(path.join(box.root, "src/new/a.ts"))).toBe(true);
  });
});
