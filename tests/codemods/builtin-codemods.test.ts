import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinCodemods } from "../../codemods/registry.js";
import { applyEdits } from "../../src/model/edit.js";
import { runCustomCodemod } from "../../src/codemod/custom-transform.js";

const codemodsRoot = path.resolve(import.meta.dirname, "../../codemods");

/** Cases of a codemod: `<case>.input.<ext>` with `<case>.output.<ext>` (absent: the file must be skipped) and `<case>.options.json`. */
function casesOf(name: string): { name: string; input: string; output?: string; options: Record<string, unknown> }[] {
  const dir = path.join(codemodsRoot, name, "__testfixtures__");
  return readdirSync(dir)
    .filter((file) => file.includes(".input."))
    .map((file) => {
      const [caseName, , extension] = file.split(".");
      const output = path.join(dir, `${caseName}.output.${extension}`);
      const options = path.join(dir, `${caseName}.options.json`);
      return {
        name: `${caseName}.input.${extension}`,
        input: file,
        output: existsSync(output) ? readFileSync(output, "utf8") : undefined,
        options: existsSync(options) ? (JSON.parse(readFileSync(options, "utf8")) as Record<string, unknown>) : {},
      };
    });
}

describe.each(builtinCodemods.map((codemod) => codemod.name))("codemod %s", (name) => {
  const fixtures = path.join(codemodsRoot, name, "__testfixtures__");
  it.each(casesOf(name))("turns $name into its output fixture", async ({ input, output, options }) => {
    const result = await runCustomCodemod({
      root: fixtures,
      files: [input],
      readFile: (file) => readFileSync(path.join(fixtures, file)),
      transform: name,
      globs: ["**/*.input.*"],
      options,
    });
    const source = readFileSync(path.join(fixtures, input));
    expect(result.statuses).toEqual([{ file: input, status: output === undefined ? "skipped" : "ok" }]);
    const after = applyEdits(source, result.edits).toString("utf8");
    expect(after).toBe(output ?? source.toString("utf8"));
  });
});
