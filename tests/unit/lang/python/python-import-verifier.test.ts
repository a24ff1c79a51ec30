import { describe, expect, it } from "vitest";
import { verifyPythonImports } from "../../../../src/lang/python/python-import-verifier.js";
import { stdlibModulesFor } from "../../../../src/lang/python/stdlib-for-version.js";
import { contextOf } from "./move-tree.js";

function verify(tree: Record<string, string>, manifest: Record<string, unknown> = {}) {
  const context = contextOf(tree, [], manifest);
  return verifyPythonImports({
    root: context.root,
    files: context.files,
    readFile: context.readFile,
    exists: context.exists,
    manifest: context.manifest,
  });
}

describe("verifyPythonImports", () => {
  it("resolves packages, namespace packages, relative imports, stdlib, and reports third-party", () => {
    const result = verify({
      "app/__init__.py": "from .core import run\n",
      "app/core.py":
        "import os.path\nimport tomllib\nimport numpy as np\nfrom . import util\nfrom .util import helper\nfrom ns.leaf import VALUE\n\ndef run(): pass\n",
      "app/util.py": "try:\n    from yaml import safe_load as helper\nexcept ImportError:\n    def helper(): pass\n",
      "ns/leaf.py": "VALUE = 1\n",
      "scripts/tool.py": "import sibling\nfrom app import run\n",
      "scripts/sibling.py": "",
    });
    expect(result.unresolved).toEqual([]);
    expect(result.reported.map((r) => r.specifier).sort()).toEqual(["numpy", "yaml"]);
    expect(result.checked).toBe(10);
  });

  it("fails imports of missing modules, missing symbols and relative imports past the top, with file:line:col", () => {
    const result = verify({
      "app/__init__.py": "",
      "app/engines/__init__.py": "",
      "app/regime/__init__.py": "",
      "app/api.py":
        "import os\nfrom app.engines import regime\nimport app.engines.regime.detector\nfrom ...x import y\nfrom .regime import nothing_here\n",
    });
    expect(result.unresolved.map((u) => `${u.file}:${u.line}:${u.column} ${u.specifier}`)).toEqual([
      "app/api.py:2:1 app.engines.regime",
      "app/api.py:3:8 app.engines.regime.detector",
      "app/api.py:4:1 ...x",
      "app/api.py:5:1 .regime.nothing_here",
    ]);
    expect(result.unresolved.every((u) => u.language === "python" && u.reason)).toBe(true);
  });

  it("treats star imports and __getattr__ as binding anything, and uses python.roots", () => {
    const result = verify(
      {
        "src/pkg/__init__.py": "from .impl import *\n",
        "src/pkg/impl.py": "def __getattr__(name): return 1\n",
        "src/pkg/use.py": "from pkg import anything\nfrom pkg.impl import whatever\nimport pkg.impl\n",
      },
      { python: { roots: ["src"] } },
    );
    expect(result.unresolved).toEqual([]);
  });

  it("derives the stdlib list of other versions", () => {
    expect(stdlibModulesFor("3.11").has("distutils")).toBe(true);
    expect(stdlibModulesFor("3.12").has("distutils")).toBe(false);
    expect(stdlibModulesFor("3.13").has("telnetlib")).toBe(false);
    expect(stdlibModulesFor("3.10").has("tomllib")).toBe(false);
  });

  it("checks module names passed as strings to import_module, resource anchors, pkgutil and pytest_plugins", () => {
    const result = verify({
      "app/__init__.py": "",
      "app/data/__init__.py": "",
      "conftest.py": 'pytest_plugins = ["app.fixtures", "pytester"]\n',
      "app/load.py": [
        "import importlib, importlib.resources, pkgutil",
        'importlib.resources.files("app.data")',
        'importlib.resources.files("app.gone")',
        'pkgutil.get_data("app.missing", "x.bin")',
        'importlib.import_module("app.data")',
        'mock.patch("app.nothing.f")',
        "",
      ].join("\n"),
    });
    expect(result.unresolved.map((u) => `${u.file}:${u.line}:${u.column} ${u.specifier}`)).toEqual([
      "app/load.py:3:28 app.gone",
      "app/load.py:4:19 app.missing",
      "conftest.py:1:20 app.fixtures",
    ]);
    expect(result.reported.map((r) => r.specifier)).toEqual(["pytester"]);
  });

  it("resolves a nested project's tests in their own folder first, as pytest puts it first on sys.path", () => {
    // pydantic: pydantic-core/tests beside the repository's tests/, both with a conftest.py.
    const result = verify({
      "tests/__init__.py": "",
      "tests/conftest.py": "OTHER = 1\n",
      "pydantic-core/tests/__init__.py": "",
      "pydantic-core/tests/conftest.py": "PyAndJson = object\n",
      "pydantic-core/tests/validators/__init__.py": "",
      "pydantic-core/tests/validators/test_tuple.py":
        "from ..conftest import PyAndJson\nfrom tests.conftest import PyAndJson as again\n",
    });
    expect(result.unresolved).toEqual([]);
  });

  it("keeps a namespace subpackage of a regular package inside it (flask/sansio)", () => {
    const result = verify({
      "src/flask/__init__.py": "",
      "src/flask/config.py": "class Config: pass\n",
      "src/flask/sansio/app.py": "from ..config import Config\nfrom .. import config\n",
    });
    expect(result.unresolved).toEqual([]);
  });
});
