import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../helpers/copy-fixture.js";

/**
 * graft never reads outside its own repository: a clone with nothing beside it must run the README.
 * The development machines keep reference material in a sibling `shared/` folder (guides, the original
 * program's data); nothing in the project may name a path into it. `src/shared/` is the project's own.
 */
const SCANNED = [
  "src",
  "tests",
  "bench",
  "fixtures",
  "manifests",
  "codemods",
  "bin",
  "docs",
  ".ci",
  "README.md",
  "package.json",
];
const SIBLING = "shared";
const SIBLING_CONTENTS = ["hmm-original", "guide", "hooks"];

/** Every way a path into the sibling folder has been written: `../shared/<x>` chains, `shared/hmm-original`, `join("..", "shared")`. */
function findSiblingReferences(text: string, file: string): string[] {
  const found: string[] = [];
  const contents = SIBLING_CONTENTS.join("|");
  for (const match of text.matchAll(new RegExp(`(?:\\.\\./)+${SIBLING}(?=/(?:${contents})\\b|["'\`\\s]|$)`, "gm"))) {
    const resolved = path.resolve(path.dirname(file), match[0]);
    const sibling = path.resolve(repoRoot, "..", SIBLING);
    const namesContents = new RegExp(`^/(?:${contents})\\b`).test(text.slice(match.index + match[0].length));
    if (resolved === sibling || namesContents) found.push(match[0]);
  }
  for (const match of text.matchAll(new RegExp(`\\b${SIBLING}/(?:${contents})\\b`, "g"))) found.push(match[0]);
  for (const match of text.matchAll(new RegExp(`["']\\.\\.["']\\s*,\\s*["']${SIBLING}["']`, "g"))) found.push(match[0]);
  return found;
}

function listTextFiles(entry: string, out: string[] = []): string[] {
  const stat = statSync(entry);
  if (stat.isDirectory()) {
    for (const name of readdirSync(entry))
      if (name !== "node_modules" && name !== ".git") listTextFiles(path.join(entry, name), out);
  } else if (stat.isFile() && stat.size < 4_000_000) {
    out.push(entry);
  }
  return out;
}

describe("the project is self-contained", () => {
  it("names no path into a sibling shared/ folder in code, tests, benches, fixtures, manifests or docs", () => {
    const self = path.join(repoRoot, "tests/unit/architecture/self-contained.test.ts");
    const files = SCANNED.flatMap((entry) => listTextFiles(path.join(repoRoot, entry))).filter((file) => file !== self);
    expect(files.length).toBeGreaterThan(500);
    const offenders = files.flatMap((file) => {
      const text = readFileSync(file, "latin1");
      return findSiblingReferences(text, file).map((hit) => `${path.relative(repoRoot, file)}: ${hit}`);
    });
    expect(offenders).toEqual([]);
  });

  it("catches the forms that once read the sibling folder, and leaves the project's own shared/ folders alone", () => {
    const at = (relative: string) => path.join(repoRoot, relative);
    const up = "../";
    expect(
      findSiblingReferences(`join(__dirname, "${up}${up}${up}${SIBLING}/hmm-original")`, at("tests/hmm/x.test.ts")),
    ).toHaveLength(2);
    expect(
      findSiblingReferences(`path.join(packageRoot, "..", "${SIBLING}", "hmm-original")`, at("src/demo/x.ts")),
    ).toHaveLength(1);
    expect(findSiblingReferences(`new URL("${up}${up}${SIBLING}", import.meta.url)`, at("bench/x.ts"))).toHaveLength(1);
    expect(
      findSiblingReferences(
        `import { pad2 } from "${up}${SIBLING}/numbers";`,
        at("fixtures/typescript/base-url/src/reports/daily.ts"),
      ),
    ).toEqual([]);
    expect(findSiblingReferences(`import { x } from "${up}${SIBLING}/errors.js";`, at("src/manifest/load.ts"))).toEqual(
      [],
    );
  });
});
