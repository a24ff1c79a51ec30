import type { PythonNode } from "../parse-python.js";
import type { PyUnit } from "./outline-module.js";

// Calls and decorators known to do nothing but build a value: moving them changes no behaviour.
const pureCalls = new Set([
  "abs",
  "bool",
  "bytes",
  "complex",
  "dict",
  "divmod",
  "enumerate",
  "float",
  "frozenset",
  "int",
  "len",
  "list",
  "max",
  "min",
  "object",
  "pow",
  "range",
  "repr",
  "reversed",
  "round",
  "set",
  "slice",
  "sorted",
  "str",
  "sum",
  "tuple",
  "type",
  "zip",
  "namedtuple",
  "collections.namedtuple",
  "field",
  "dataclasses.field",
  "partial",
  "functools.partial",
  "re.compile",
  "TypeVar",
  "typing.TypeVar",
  "NewType",
  "typing.NewType",
  "NamedTuple",
  "typing.NamedTuple",
  "Decimal",
  "decimal.Decimal",
  "Fraction",
  "fractions.Fraction",
  "Path",
  "pathlib.Path",
]);
const purePrefixes = ["math.", "cmath.", "operator.", "string.", "typing.", "datetime."];
const pureDecorators = new Set([
  "staticmethod",
  "classmethod",
  "property",
  "dataclass",
  "dataclasses.dataclass",
  "functools.wraps",
  "wraps",
  "functools.lru_cache",
  "lru_cache",
  "functools.cache",
  "cache",
  "functools.cached_property",
  "cached_property",
  "functools.total_ordering",
  "total_ordering",
  "functools.singledispatch",
  "singledispatch",
  "overload",
  "typing.overload",
  "final",
  "typing.final",
  "contextmanager",
  "contextlib.contextmanager",
  "abstractmethod",
  "abc.abstractmethod",
  "runtime_checkable",
  "typing.runtime_checkable",
  "unique",
  "enum.unique",
]);

/** Dotted text of an identifier/attribute chain (`np.random.seed`), or undefined for anything else. */
function dotted(node: PythonNode | null): string | undefined {
  if (!node) return undefined;
  if (node.type === "identifier") return node.text;
  if (node.type !== "attribute") return undefined;
  const object = dotted(node.childForFieldName("object"));
  const attribute = node.childForFieldName("attribute")?.text;
  return object && attribute ? `${object}.${attribute}` : undefined;
}

function isPureCall(call: PythonNode): boolean {
  const name = dotted(call.childForFieldName("function"));
  return name !== undefined && (pureCalls.has(name) || purePrefixes.some((p) => name.startsWith(p)));
}

/** Calls a node runs right away (not inside function or lambda bodies). */
function eagerCalls(node: PythonNode): PythonNode[] {
  const calls: PythonNode[] = [];
  const visit = (n: PythonNode): void => {
    if (n.type === "lambda") return;
    if (n.type === "function_definition") {
      // Defaults and decorators run when the def runs; the body does not.
      for (const parameter of n.childForFieldName("parameters")?.namedChildren ?? []) visit(parameter);
      return;
    }
    if (n.type === "call") calls.push(n);
    for (const child of n.namedChildren) visit(child);
  };
  visit(node);
  return calls;
}

/** What a unit does while the module loads beyond binding its names (a call, a registering decorator), or undefined. */
export function loadEffectOf(unit: PyUnit): { node: PythonNode; what: string } | undefined {
  for (const statement of unit.statements) {
    if (statement.type === "decorated_definition") {
      for (const decorator of statement.namedChildren.filter((c) => c.type === "decorator")) {
        const expression = decorator.namedChildren[0];
        const callee = expression?.type === "call" ? expression.childForFieldName("function") : expression;
        const name = dotted(callee ?? null);
        if (!name || !pureDecorators.has(name)) return { node: decorator, what: `decorator ${decorator.text}` };
      }
    }
    const calls = eagerCalls(statement).filter((call) => !isPureCall(call));
    if (statement.type === "decorated_definition" || statement.type === "function_definition") {
      const definition =
        statement.type === "decorated_definition" ? statement.childForFieldName("definition")! : statement;
      const own = eagerCalls(definition).filter((call) => !isPureCall(call));
      if (own.length > 0)
        return { node: own[0]!, what: `a call of ${own[0]!.childForFieldName("function")?.text ?? "a function"}()` };
      continue;
    }
    if (calls.length > 0)
      return { node: calls[0]!, what: `a call of ${calls[0]!.childForFieldName("function")?.text ?? "a function"}()` };
  }
  return undefined;
}
