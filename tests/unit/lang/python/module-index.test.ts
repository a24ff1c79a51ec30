import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDocRoleTargets, findDoctestSnippets } from "../../../../src/lang/python/docstring-text.js";
import {
  buildModuleIndex,
  moduleNameOf,
  normalizeRoots,
  relativeFormOf,
  resolveLongestModule,
  resolveRelative,
} from "../../../../src/lang/python/module-index.js";
import { createByteOffsetMap } from "../../../../src/model/edit.js";

describe("module naming", () => {
  it("names files, packages and namespace packages under roots", () => {
    const index = buildModuleIndex(
      [
        "src/pkg/__init__.py",
        "src/pkg/a.py",
        "src/ns/b.py",
        "src/pkg/_speed.cpython-311-x86_64-linux-gnu.so",
        "docs/conf.py",
        "my-tool/x.py",
      ],
      normalizeRoots(["src", "."]),
    );
    expect([...index.modules.keys()].sort()).toEqual([
      "docs",
      "docs.conf",
      "ns",
      "ns.b",
      "pkg",
      "pkg._speed",
      "pkg.a",
      "src",
      "src.ns",
      "src.ns.b",
      "src.pkg",
      "src.pkg._speed",
      "src.pkg.a",
    ]);
    expect(index.modules.get("pkg")).toMatchObject({ path: "src/pkg", isPackage: true, rootIndex: 0 });
    expect(moduleNameOf("src/pkg/__init__.py", normalizeRoots(["src"]), false)).toEqual({ name: "pkg", rootIndex: 0 });
    expect(resolveLongestModule(index, "pkg.a.f.g")).toMatchObject({ module: { name: "pkg.a" }, rest: ".f.g" });
    expect(resolveLongestModule(index, "numpy.linalg")).toBeUndefined();
  });

  it("follows CPython's precedence: regular package, then module, then namespace folder (in any root)", () => {
    const index = buildModuleIndex(
      ["a/x.py", "a/x/inner.py", "a/y.py", "a/y/__init__.py", "b/z/leaf.py", "src/b/z.py", "a/__init__.py"],
      normalizeRoots([".", "src"]),
    );
    expect(index.modules.get("a.x")).toMatchObject({ path: "a/x.py", isPackage: false });
    expect(index.modules.get("a.y")).toMatchObject({ path: "a/y", isPackage: true, namespace: false });
    // A namespace folder in the first root loses to a module in a later one, as on sys.path.
    expect(index.modules.get("b.z")).toMatchObject({ path: "src/b/z.py", rootIndex: 1 });
    expect(index.modules.get("b")).toMatchObject({ path: "b", namespace: true, rootIndex: 0 });
  });

  it("resolves relative imports and finds the shortest relative form", () => {
    expect(resolveRelative("a.b.c", 1, "x")).toBe("a.b.c.x");
    expect(resolveRelative("a.b.c", 3, "")).toBe("a");
    expect(resolveRelative("a.b.c", 4, "x")).toBeUndefined();
    expect(relativeFormOf("app.regime", "app.utils")).toBe("..utils");
    expect(relativeFormOf("app.regime.sub", "app.regime")).toBe("..");
    expect(relativeFormOf("app", "other.x")).toBeUndefined();
  });

  it("round-trips: the relative form resolves back to its target", () => {
    const name = fc
      .array(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 4 })
      .map((p) => ["top", ...p].join("."));
    fc.assert(
      fc.property(name, name, (pkg, target) => {
        const form = relativeFormOf(pkg, target)!;
        const level = form.length - form.replace(/^\.+/, "").length;
        return resolveRelative(pkg, level, form.slice(level)) === target;
      }),
    );
  });
});

describe("docstring scanning", () => {
  it("finds doctest lines and Sphinx role targets", () => {
    const doc =
      '"""Doc.\n\n    >>> from a.b import c\n    ... continued\n    :func:`~a.b.c.f`, :py:class:`Title <a.b.K>`, :ref:`label`, :func:`.relative`\n"""';
    expect(findDoctestSnippets(doc).map((s) => [s.code, s.line, doc.slice(s.start, s.start + 4)])).toEqual([
      ["from a.b import c", 2, "from"],
    ]);
    expect(findDocRoleTargets(doc).map((r) => [r.role, r.target, doc.slice(r.start, r.end)])).toEqual([
      [":func:", "a.b.c.f", "a.b.c.f"],
      [":py:class:", "a.b.K", "a.b.K"],
    ]);
  });
});

describe("byte offsets", () => {
  it("maps UTF-16 indices to UTF-8 byte offsets", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        const text = a + "import x" + b;
        return createByteOffsetMap(text)(a.length) === Buffer.byteLength(a, "utf8");
      }),
    );
  });
});
