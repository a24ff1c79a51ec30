import { describe, expect, it } from "vitest";
import { pythonImportRewriter } from "../../../../src/lang/python/python-move-rewriter.js";
import { rewriteTree } from "./move-tree.js";

const move = { from: "app/engines/regime", to: "app/regime" };
const base = {
  "app/__init__.py": "",
  "app/engines/__init__.py": "",
  "app/engines/core.py": "X = 1\n",
  "app/engines/regime/__init__.py": "",
};

async function rewrite(source: string): Promise<string> {
  const { tree } = await rewriteTree([pythonImportRewriter], { ...base, "app/x.py": source }, [move]);
  return tree["app/x.py"];
}

describe("split from-imports keep their shape", () => {
  it("puts each statement on its own line, never joined by ';'", async () => {
    expect(await rewrite("from app.engines import core, regime as r\n")).toBe(
      "from app.engines import core\nfrom app import regime as r\n",
    );
  });

  it("keeps the indentation of a nested import and CRLF line endings", async () => {
    expect(await rewrite("if True:\r\n    from app.engines import regime, core\r\n")).toBe(
      "if True:\r\n    from app import regime\r\n    from app.engines import core\r\n",
    );
  });

  it("keeps a parenthesised multi-line import multi-line, with its comments and trailing comma", async () => {
    const source = [
      "def f():",
      "    from app.engines import (",
      "        core,  # the core",
      "        # then the regime",
      "        regime as r,",
      "    )",
      "    return core, r",
      "",
    ].join("\n");
    expect(await rewrite(source)).toBe(
      [
        "def f():",
        "    from app.engines import (",
        "        core,  # the core",
        "    )",
        "    from app import (",
        "        # then the regime",
        "        regime as r,",
        "    )",
        "    return core, r",
        "",
      ].join("\n"),
    );
  });

  it("continues with '; ' only when the import shares its line with other code", async () => {
    expect(await rewrite("if True: from app.engines import regime, core\n")).toBe(
      "if True: from app import regime; from app.engines import core\n",
    );
  });
});
