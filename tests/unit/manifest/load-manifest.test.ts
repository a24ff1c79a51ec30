import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../../src/manifest/load.js";
import { InvalidInputError } from "../../../src/shared/errors.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "graft-manifest-"));
  await mkdir(path.join(dir, "tree/pkg/a"), { recursive: true });
  await mkdir(path.join(dir, "tree/pkg/b"), { recursive: true });
  await writeFile(path.join(dir, "tree/pkg/a/x.py"), "x = 1\n");
  await mkdir(path.join(dir, "outside"), { recursive: true });
  await symlink(path.join(dir, "outside"), path.join(dir, "tree/escape"));
});

async function errorOf(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  try {
    await loadManifest(file);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).exitCode).toBe(2);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    return message.slice(file.length + 1);
  }
  throw new Error("manifest was accepted");
}

const head = "version: 1\nname: t\nroot: tree\n";

describe("loadManifest", () => {
  it("accepts a valid manifest and normalizes move paths", async () => {
    const file = path.join(dir, "ok.yaml");
    await writeFile(file, head + "moves:\n  - { from: pkg/a/, to: ./pkg/c }\n");
    const manifest = await loadManifest(file);
    expect(manifest.data.moves).toEqual([{ from: "pkg/a", to: "pkg/c" }]);
    expect(manifest.root).toBe(path.join(dir, "tree"));
    expect(manifest.data.conflicts).toEqual({ default: "manual", rules: [] });
    expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["yaml syntax", "syntax.yaml", "version: 1\nmoves: [\n", "3:1: syntax error:"],
    ["json syntax", "syntax.json", '{"version": 1,\n "name": }', "2:10: syntax error: value expected"],
    ["unknown key", "unknown.yaml", head + "moves: []\nmovez: []\n", "5:1: movez: unknown key"],
    [
      "unknown key in a move",
      "unknown-move.yaml",
      head + "moves:\n  - from: pkg/a\n    to: pkg/c\n    too: x\n",
      "7:5: moves[0].too: unknown key",
    ],
    ["wrong type", "type.yaml", head + "moves: pkg/a\n", '4:8: moves: expected array, got string "pkg/a"'],
    ["missing from", "missing.yaml", head + "moves:\n  - to: pkg/c\n", "5:5: moves[0].from: is required"],
    [
      "bad strategy",
      "strategy.yaml",
      head + "moves: []\nconflicts: { default: merge }\n",
      "5:23: conflicts.default: must be one of",
    ],
    ["version", "version.yaml", "version: 2\nname: t\nmoves: []\n", "1:10: version: "],
    [
      "from == to",
      "same.yaml",
      head + "moves:\n  - { from: pkg/a, to: pkg/a/ }\n",
      "5:24: moves[0].to: is the same path as from",
    ],
    [
      "to inside from",
      "inside.yaml",
      head + "moves:\n  - { from: pkg/a, to: pkg/a/sub }\n",
      "5:24: moves[0].to: lies inside from (pkg/a)",
    ],
    [
      "from inside to",
      "contains.yaml",
      head + "moves:\n  - { from: pkg/a, to: pkg }\n",
      "5:24: moves[0].to: contains from (pkg/a)",
    ],
    [
      "overlapping moves",
      "overlap.yaml",
      head + "moves:\n  - { from: pkg/a, to: pkg/c }\n  - { from: pkg/b, to: pkg/c/d }\n",
      "6:24: moves[1].to: overlaps moves[0].to (pkg/c)",
    ],
    [
      "parent escape",
      "escape.yaml",
      head + "moves:\n  - { from: ../outside, to: pkg/c }\n",
      "5:13: moves[0].from: must stay inside root",
    ],
    [
      "absolute path",
      "absolute.yaml",
      head + "moves:\n  - { from: pkg/a, to: /tmp/x }\n",
      "5:24: moves[0].to: must stay inside root (absolute paths are not allowed)",
    ],
    [
      "symlink outside",
      "symlink.yaml",
      head + "moves:\n  - { from: pkg/a, to: escape/a }\n",
      "5:24: moves[0].to: must stay inside root (resolves through a symlink to",
    ],
    [
      "from missing",
      "nofrom.yaml",
      head + "moves:\n  - { from: pkg/zz, to: pkg/c }\n",
      "5:13: moves[0].from: does not exist (pkg/zz under",
    ],
    [
      "root itself",
      "root.yaml",
      head + "moves:\n  - { from: ., to: pkg/c }\n",
      "5:13: moves[0].from: must name a path below root, not root itself",
    ],
    ["root missing", "noroot.yaml", "version: 1\nname: t\nroot: nope\nmoves: []\n", "3:7: root: folder"],
    ["not a mapping", "list.yaml", "- a\n- b\n", "1:1: (manifest): must be a mapping"],
  ])("rejects %s with file:line:col: field: reason", async (_label, name, text, expected) => {
    expect(await errorOf(name, text)).toContain(expected);
  });

  it("names a missing manifest file", async () => {
    await expect(loadManifest(path.join(dir, "absent.yaml"))).rejects.toThrow(/absent\.yaml: no such file/);
  });
});
