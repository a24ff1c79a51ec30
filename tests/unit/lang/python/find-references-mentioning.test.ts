import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  callsNamingModuleApis,
  collectPythonReferences,
  docstringsSpelling,
  type PythonRef,
} from "../../../../src/lang/python/find-references.js";
import { isSysModules, moduleNameCall } from "../../../../src/lang/python/module-name-apis.js";
import { findStringMentions, mentionsIn } from "../../../../src/lang/python/find-string-mentions.js";
import { getDocstringQuery, type PythonNode, parsePython } from "../../../../src/lang/python/parse-python.js";
import { spellsName } from "../../../../src/lang/python/spells-name.js";

/** Every chain form the collector knows, places where the name is no identifier, and doctests with and without it. */
const source = [
  "import pkg.flow.core",
  "import pkg.other",
  "import pkg",
  "from pkg import flow",
  "x = pkg.flow.core.run(pkg.flow.core.Graph())",
  "y = pkg.other.flow_like + pkg.other.maxflow",
  "z = pkg.flow[0].attr, f(pkg.flow).real, pkg.flow",
  "w = pkg . flow . core",
  "é = 'pkg.flow.core'  # pkg.flow in a comment",
  "v = pkg.other.value",
  "u = [pkg.flow.core for _ in ()][0].x",
  "",
  "def f(g):",
  '    """Runs.',
  "",
  "    >>> import pkg",
  "    >>> pkg.flow.core.run()",
  "    >>> pkg.other.run()",
  "    See :mod:`pkg.flow.core`.",
  '    """',
  "",
  "def h():",
  '    """Other.',
  "",
  "    >>> import pkg",
  "    >>> pkg.other.run()",
  "    See :func:`pkg.other.run`.",
  '    """',
  "",
].join("\n");

const spells = (ref: PythonRef, name: string) =>
  ref.kind === "chain" ? ref.parts.includes(name) : ref.kind === "doc-role" ? ref.name.split(".").includes(name) : true;

describe("collectPythonReferences with `mentioning`", () => {
  const options = { chains: true, strings: true, docstrings: true };
  const all = collectPythonReferences(parsePython(source), source, options);
  const named = collectPythonReferences(parsePython(source), source, { ...options, mentioning: ["flow"] });

  // The docstring of h() spells no "flow": nothing in it is wanted, its doctest import included.
  const otherDocstring = { start: source.indexOf('"""Other.'), end: source.lastIndexOf('"""') };
  const isInOtherDocstring = (ref: PythonRef) => ref.start > otherDocstring.start && ref.end < otherDocstring.end;

  it("collects every chain and docstring reference that spells the name, as the whole walk does", () => {
    const key = (r: PythonRef) => `${r.kind}:${r.start}-${r.end}`;
    const wanted = all.filter((ref) => spells(ref, "flow") && !isInOtherDocstring(ref));
    expect(
      named
        .filter((ref) => spells(ref, "flow"))
        .map(key)
        .sort(),
    ).toEqual(wanted.map(key).sort());
    expect(named.filter((ref) => ref.kind === "chain")).toEqual(
      all.filter((r) => r.kind === "chain" && spells(r, "flow")),
    );
    // Sanity: the whole walk does see chains and roles without the name, and the filter leaves them out.
    expect(all.some((ref) => !spells(ref, "flow"))).toBe(true);
    expect(named.filter((ref) => ref.kind === "chain" || ref.kind === "doc-role").every((r) => spells(r, "flow"))).toBe(
      true,
    );
  });

  it("keeps every import statement whatever it names, but not those of a doctest session that spells no name", () => {
    const imports = (refs: PythonRef[]) => refs.filter((ref) => ref.kind === "import" || ref.kind === "from");
    expect(imports(named)).toEqual(imports(all).filter((ref) => !isInOtherDocstring(ref)));
    expect(imports(all).filter(isInOtherDocstring)).toHaveLength(1);
  });

  it("finds chains whose name is preceded by a non-ASCII character only when that is another identifier", () => {
    const text = "import pkg\nπ = pkg.flow.x\nαflow = 1\n";
    const refs = collectPythonReferences(parsePython(text), text, { chains: true, mentioning: ["flow"] });
    expect(refs.filter((r) => r.kind === "chain").map((r) => text.slice(r.start, r.end))).toEqual(["pkg.flow.x"]);
  });
});

describe("findStringMentions", () => {
  it("finds nothing in a file whose text names no moved module or path, and the mentions of one that does", () => {
    const moved = { modules: ["pkg.flow"], paths: ["pkg/flow"] };
    const without = "x = 'pkg.other'  # about flow\n";
    expect(findStringMentions(parsePython(without), without, moved)).toEqual([]);
    const withName = "x = 'pkg.flow.core'  # see pkg/flow/README\n";
    expect(findStringMentions(parsePython(withName), withName, moved).map((m) => m.text)).toEqual([
      "pkg.flow.core",
      "# see pkg/flow/README",
    ]);
  });
  it("finds what a walk over every string and comment finds, from the names' places in the text", () => {
    const moved = { modules: ["pkg.flow", "flow"], paths: ["pkg/flow"] };
    const piece = fc.constantFrom(
      "x = 'pkg.flow'",
      'y = "pkg.flow.core:main"',
      "'''Docstring about pkg.flow.",
      "and pkg/flow/README.'''",
      "# see pkg/flow and pkg.flow",
      "z = f'{pkg.flow} and pkg.flow {\"pkg.flow.x\"}'",
      "import pkg.flow",
      "from pkg.flow import a  # flow",
      "w = 'flow'",
      "v = b'pkg.flow'",
      "u = 'é pkg/flow'",
      "t = r'pkg\\flow' 'pkg.flow'",
      "def f():\n    '''pkg.flow'''\n    return 'pkg.flow.g'",
      "s = ('pkg.flow',\n  'other')",
      "q = 'nothing here'",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const text = `${pieces.join("\n")}\n`;
        const tree = parsePython(text);
        const walked = tree.rootNode
          .descendantsOfType(["string", "comment"])
          .flatMap((node) => mentionsIn(node, moved));
        expect(findStringMentions(tree, text, moved)).toEqual(walked);
      }),
      { numRuns: 300 },
    );
  });
});

describe("docstringsSpelling", () => {
  it("finds the docstrings the query finds that spell a name, from the names' places", () => {
    const names = ["flow", "pkg"];
    const piece = fc.constantFrom(
      '"""Module about pkg.flow."""',
      "def f():\n    '''Uses flow.\n\n    >>> import pkg.flow\n    '''\n    return flow",
      "class C:\n    'no name here'\n    x = 'flow'",
      "'''flow''' 'pkg'",
      "x = f'{flow!r} {\"pkg\"}'",
      "f'''{flow}'''",
      "# flow in a comment",
      'if flow:\n    "flow docstring-like"\n    y = 1',
      "async def g():\n    r'''pkg'''",
      'z = ["flow"]',
      "maxflow = 'maxflow'",
      "'''x'''; flow",
      "lambda: 'flow'",
      "'flow', pkg",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const text = `${pieces.join("\n")}\n`;
        const root = parsePython(text).rootNode;
        const expected = getDocstringQuery()
          .captures(root)
          .map((capture) => capture.node)
          .filter((node) => node.parent?.namedChildCount === 1 && names.some((name) => spellsName(node.text, name)));
        expect(docstringsSpelling(root, text, names).map((n) => [n.startIndex, n.endIndex])).toEqual(
          expected.map((n) => [n.startIndex, n.endIndex]),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe("callsNamingModuleApis", () => {
  it("finds every call and subscript a walk finds naming a module-name API, in the walk's order", () => {
    const piece = fc.constantFrom(
      "import importlib",
      "import importlib_resources as ir",
      "from importlib.resources import files",
      "from importlib import import_module as im",
      "from unittest import mock",
      "from unittest.mock import patch",
      "from sys import modules as mods",
      "import sys, pkgutil, pkg_resources",
      "importlib.import_module('pkg.flow')",
      "im('pkg.flow')",
      "ir.files('pkg.flow').joinpath('x')",
      "files('pkg.flow')",
      "mock.patch('pkg.flow.f')",
      "patch.dict('pkg.flow.d', {})",
      "patch.object(x, 'y')",
      "monkeypatch.setattr('pkg.flow.f', 1)",
      "__import__('pkg.flow')",
      "importlib.util.find_spec('pkg.flow')",
      "sys.modules['pkg.flow'] = m",
      "mods['pkg.flow']",
      "sys.modules.get('pkg.flow')",
      "pkgutil.get_data('pkg.flow', 'x')",
      "pkg_resources.resource_filename('pkg.flow', 'x')",
      "mock.patch('a')('b')",
      "with patch('pkg.flow.g') as p:\n    p.start()",
      "def f(patch=None):\n    return patch",
      "x = 'importlib.import_module(\"a\")'  # patch('b')",
      "@patch('pkg.flow.h')\ndef test(): pass",
      "y = [modules[0] for modules in z]",
      "importlib.import_module(importlib.import_module('a').name)",
      "obj.files('pkg')",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const text = `${pieces.join("\n")}\n`;
        const root = parsePython(text).rootNode;
        const bindings = new Map<string, string>();
        for (const ref of collectPythonReferences(parsePython(text), text, {})) {
          if (ref.kind === "import" && ref.alias) bindings.set(ref.alias, ref.name);
          else if (ref.kind === "from" && ref.level === 0)
            for (const name of ref.names) bindings.set(name.alias ?? name.name, `${ref.module}.${name.name}`);
        }
        const chain = (node: PythonNode | null): string[] | undefined => {
          if (node?.type === "identifier") return [node.text];
          if (node?.type !== "attribute") return undefined;
          const inner = chain(node.childForFieldName("object"));
          const last = node.childForFieldName("attribute");
          return inner && last ? [...inner, last.text] : undefined;
        };
        const walked = root.descendantsOfType(["call", "subscript"]).filter((node) => {
          const parts = chain(node.childForFieldName(node.type === "call" ? "function" : "value"));
          if (!parts) return false;
          return node.type === "call" ? moduleNameCall(parts, bindings) !== undefined : isSysModules(parts, bindings);
        });
        const found = callsNamingModuleApis(root, text, bindings).map((n) => `${n.type}@${n.startIndex}:${n.endIndex}`);
        const positions = walked.map((n) => `${n.type}@${n.startIndex}:${n.endIndex}`);
        expect(positions.filter((p) => !found.includes(p))).toEqual([]);
        // In the walk's order: the walk's own order restricted to what was found.
        const all = root.descendantsOfType(["call", "subscript"]).map((n) => `${n.type}@${n.startIndex}:${n.endIndex}`);
        expect(found).toEqual(all.filter((p) => found.includes(p)));
      }),
      { numRuns: 300 },
    );
  });
});
