/**
 * The Python side of a module experiment, as the script python3 runs (`python3 -c`): it is shipped inside
 * graft's build this way, with nothing to copy next to it. See python-module-side.ts for the protocol.
 * (A template literal: a backslash, a backtick or a dollar-brace added to the Python code needs escaping.)
 */
export const pythonModuleRunnerSource = `"""Child process of a Python module experiment side (graft's equivalence/experiments/python-module-side.ts).

Reads one JSON request on stdin and writes one JSON reply to file descriptor 3 (stdout stays the code's own):
  {"mode": "cases", "root", "cases"}                       -> {"ok", "cases": [{"name", "args"}]}
  {"mode": "call", "root", "cases", "module", "export", "repeat"}
      -> {"ok", "outcomes": [{"ok", "value"} | {"ok": false, "error"}], "names", "wallMs", "peakMemoryBytes"}
Values are JSON with tags for what JSON cannot hold ({"$float": "nan"}, {"$map": [...]}, {"$set": [...]}...).
"""
import copy
import importlib
import importlib.util
import json
import math
import os
import sys
import time
import traceback

MAX_DEPTH = 64


def _numpy():
    return sys.modules.get("numpy")


def _is_primitive(value):
    return value is None or isinstance(value, (bool, int, float, str))


def encode(value, depth=0):
    """A JSON-safe form of a result: numbers exact, containers deep, objects by their fields."""
    if depth > MAX_DEPTH:
        return repr(value)
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if -(2**53) < value < 2**53 else {"$bigint": str(value)}
    if isinstance(value, float):
        if math.isnan(value):
            return {"$float": "nan"}
        if math.isinf(value):
            return {"$float": "inf" if value > 0 else "-inf"}
        return value
    np = _numpy()
    if np is not None:
        if isinstance(value, np.ndarray):
            return encode(value.tolist(), depth + 1)
        if isinstance(value, np.generic):
            return encode(value.item(), depth + 1)
    if isinstance(value, (list, tuple)):
        return [encode(item, depth + 1) for item in value]
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value):
            return {key: encode(item, depth + 1) for key, item in value.items()}
        return {"$map": [[_key(key), encode(item, depth + 1)] for key, item in value.items()]}
    if isinstance(value, (set, frozenset)):
        return {"$set": sorted((_key(item) for item in value), key=repr)}
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": bytes(value).hex()}
    if isinstance(value, complex):
        return {"real": encode(value.real), "imag": encode(value.imag)}
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(value, pandas.DataFrame):
        columns = {str(c): encode(value[c].tolist(), depth + 1) for c in value.columns}
        return {"columns": columns, "index": encode(value.index.tolist(), depth + 1)}
    if pandas is not None and isinstance(value, pandas.Series):
        return {"index": encode(value.index.tolist(), depth + 1), "values": encode(value.tolist(), depth + 1)}
    fields = getattr(value, "__dict__", None)
    if isinstance(fields, dict):
        encoded = {"__class__": type(value).__qualname__}
        encoded.update({key: encode(item, depth + 1) for key, item in fields.items()})
        return encoded
    return repr(value)


def _key(key):
    """Map keys and set members: primitives as they are, anything else by its repr (JS compares keys by identity)."""
    if key is None or isinstance(key, (bool, str)):
        return key
    if isinstance(key, int) and -(2**53) < key < 2**53:
        return key
    if isinstance(key, float) and math.isfinite(key):
        return key
    return repr(key)


def load_module(root, relative):
    """Imports a file of the tree: by its dotted name under the root when it has one, else from its path."""
    path = os.path.normpath(os.path.join(root, relative))
    parts = os.path.relpath(path, root).split(os.sep)
    stem = parts[-1][:-3] if parts[-1].endswith(".py") else None
    if stem is not None and all(p.isidentifier() for p in parts[:-1] + [stem]):
        dotted = parts[:-1] if stem == "__init__" else parts[:-1] + [stem]
        return importlib.import_module(".".join(dotted))
    name = "graft_module_" + "".join(c if c.isalnum() else "_" for c in relative)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{relative}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_cases(root, relative):
    """Cases from a JSON file or a Python module ("cases": a list, or a function returning an iterable)."""
    path = os.path.join(root, relative)
    if relative.endswith(".json"):
        with open(path, encoding="utf-8") as handle:
            raw = json.load(handle)
    else:
        spec = importlib.util.spec_from_file_location("graft_cases", path)
        if spec is None or spec.loader is None:
            raise ImportError(f"{relative}: not a Python module")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        raw = getattr(module, "cases", None)
        if callable(raw):
            raw = raw()
        if raw is None:
            raise ValueError(f"{relative}: defines no 'cases'")
        raw = list(raw)
    cases = []
    for index, item in enumerate(raw):
        if isinstance(item, dict) and "args" in item:
            cases.append((str(item.get("name", f"#{index}")), list(item["args"]), dict(item.get("kwargs", {}))))
        elif isinstance(item, (list, tuple)):
            cases.append((f"#{index}", list(item), {}))
        else:
            raise ValueError(f"{relative}: case {index}: expected [args...] or {{'name', 'args'}}")
    return cases


def peak_memory_bytes():
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024
    except ImportError:
        return 0


def serve(request):
    root = request["root"]
    sys.path.insert(0, root)
    cases = load_cases(root, request["cases"])
    if request["mode"] == "cases":
        return {"ok": True, "cases": [{"name": name, "args": encode(args)} for name, args, _ in cases]}
    try:
        module = load_module(root, request["module"])
    except Exception as error:  # noqa: BLE001 - reported to the parent
        return {"ok": False, "error": f"cannot import {request['module']}: {type(error).__name__}: {error}"}
    function = getattr(module, request["export"], None)
    if not callable(function):
        return {"ok": False, "error": f"{request['module']} has no function {request['export']!r}"}
    outcomes = []
    wall = []
    for round_index in range(max(1, int(request.get("repeat", 1)))):
        started = time.perf_counter()
        for _name, args, kwargs in cases:
            # Each call gets its own copy, so a function that mutates its arguments cannot affect the next.
            call_args, call_kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
            try:
                value = function(*call_args, **call_kwargs)
                if round_index == 0:
                    outcomes.append({"ok": True, "value": encode(value)})
            except Exception as error:  # noqa: BLE001 - an exception is an outcome
                if round_index == 0:
                    outcomes.append({"ok": False, "error": f"{type(error).__name__}: {error}"})
        wall.append((time.perf_counter() - started) * 1000)
    return {
        "ok": True,
        "outcomes": outcomes,
        "names": [name for name, _, _ in cases],
        "wallMs": wall,
        "peakMemoryBytes": peak_memory_bytes(),
    }


def main():
    request = json.load(sys.stdin)
    try:
        reply = serve(request)
    except Exception as error:  # noqa: BLE001 - reported to the parent
        where = traceback.extract_tb(error.__traceback__)[-1]
        reply = {"ok": False, "error": f"{type(error).__name__}: {error} ({where.filename}:{where.lineno})"}
    with os.fdopen(3, "w", encoding="utf-8") as channel:
        json.dump(reply, channel, allow_nan=False)


if __name__ == "__main__":
    main()
`;
