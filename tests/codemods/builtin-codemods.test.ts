import path from "node:path";
import { describe, it } from "vitest";
import { builtinCodemods } from "../../codemods/registry.js";
import { defineTransformTest } from "../../src/index.js";

const codemodsRoot = path.resolve(import.meta.dirname, "../../codemods");

// Every built-in's fixture pairs, through the helper graft exports for transform authors (graft's runner, parser by extension).
describe.each(builtinCodemods.map((codemod) => codemod.name))("codemod %s", (name) => {
  defineTransformTest({ transform: name, fixtures: path.join(codemodsRoot, name, "__testfixtures__") }, it);
});
