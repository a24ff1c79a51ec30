import type { ValueDifference, ValueErrors } from "./experiment-types.js";
import { isWithinTolerance, relativeError } from "../diff/tolerance.js";

/** Tolerance for deep comparison of return values. */
export interface ValueTolerance {
  rtol: number;
  atol: number;
  symmetric: boolean;
}

const differenceLimit = 10;

/** Errors before any pair was seen. */
export function createValueErrors(): ValueErrors {
  return { maxAbsError: 0, maxRelError: 0, maxAbsAt: null };
}

/**
 * Compares two values deeply: numbers within tolerance (NaN equal, ±inf exact), arrays and typed
 * arrays element-wise, plain objects by keys, Maps by key, Sets by membership, Dates by time.
 */
export function compareValues(
  legacy: unknown,
  migrated: unknown,
  tolerance: ValueTolerance,
  errors?: ValueErrors,
): ValueDifference[] {
  const differences: ValueDifference[] = [];
  walk(legacy, migrated, "$", tolerance, differences, errors);
  return differences;
}

function walk(
  l: unknown,
  m: unknown,
  at: string,
  tol: ValueTolerance,
  out: ValueDifference[],
  errors: ValueErrors | undefined,
): void {
  if (out.length >= differenceLimit) return;
  const add = (reason: string): void => {
    out.push({ path: at, legacy: preview(l), migrated: preview(m), reason });
  };
  if (typeof l === "number" && typeof m === "number") {
    if (errors !== undefined) noteError(l, m, at, tol.symmetric, errors);
    if (!isWithinTolerance(l, m, tol.rtol, tol.atol, tol.symmetric)) add(`|m - l| = ${Math.abs(m - l)}`);
    return;
  }
  if (Object.is(l, m)) return;
  const lk = kindOf(l);
  const mk = kindOf(m);
  if (lk !== mk && !(isNumericSequence(lk) && isNumericSequence(mk))) {
    add(`type ${lk} vs ${mk}`);
    return;
  }
  switch (lk) {
    case "array":
    case "typed array": {
      const la = l as ArrayLike<unknown>;
      const ma = m as ArrayLike<unknown>;
      if (la.length !== ma.length) {
        add(`length ${la.length} vs ${ma.length}`);
        return;
      }
      for (let i = 0; i < la.length && out.length < differenceLimit; i++)
        walk(la[i], ma[i], `${at}[${i}]`, tol, out, errors);
      return;
    }
    case "map": {
      const lm = l as Map<unknown, unknown>;
      const mm = m as Map<unknown, unknown>;
      for (const key of lm.keys())
        if (!mm.has(key))
          out.push({
            path: `${at}.get(${preview(key)})`,
            legacy: preview(lm.get(key)),
            migrated: "(missing)",
            reason: "key missing",
          });
      for (const key of mm.keys())
        if (!lm.has(key))
          out.push({
            path: `${at}.get(${preview(key)})`,
            legacy: "(missing)",
            migrated: preview(mm.get(key)),
            reason: "extra key",
          });
      for (const [key, value] of lm)
        if (mm.has(key)) walk(value, mm.get(key), `${at}.get(${preview(key)})`, tol, out, errors);
      return;
    }
    case "set": {
      const ls = l as Set<unknown>;
      const ms = m as Set<unknown>;
      const missing = [...ls].filter((v) => !ms.has(v));
      const extra = [...ms].filter((v) => !ls.has(v));
      if (missing.length > 0 || extra.length > 0)
        add(`set members differ: missing ${preview(missing)}, extra ${preview(extra)}`);
      return;
    }
    case "date":
      if ((l as Date).getTime() !== (m as Date).getTime()) add("dates differ");
      return;
    case "object": {
      const lo = l as Record<string, unknown>;
      const mo = m as Record<string, unknown>;
      const keys = new Set([...Object.keys(lo), ...Object.keys(mo)]);
      for (const key of keys) {
        const child = /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
        if (!(key in mo))
          out.push({ path: child, legacy: preview(lo[key]), migrated: "(missing)", reason: "key missing" });
        else if (!(key in lo))
          out.push({ path: child, legacy: "(missing)", migrated: preview(mo[key]), reason: "extra key" });
        else walk(lo[key], mo[key], child, tol, out, errors);
        if (out.length >= differenceLimit) return;
      }
      return;
    }
    default:
      add("values differ");
  }
}

function noteError(l: number, m: number, at: string, symmetric: boolean, errors: ValueErrors): void {
  const abs = Math.abs(m - l);
  if (!Number.isFinite(abs) || abs === 0) return;
  if (abs > errors.maxAbsError) {
    errors.maxAbsError = abs;
    errors.maxAbsAt = { path: at, legacy: l, migrated: m };
  }
  const rel = relativeError(l, m, symmetric);
  if (Number.isFinite(rel) && rel > errors.maxRelError) errors.maxRelError = rel;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return "typed array";
  if (value instanceof Map) return "map";
  if (value instanceof Set) return "set";
  if (value instanceof Date) return "date";
  return typeof value;
}

// number[] and Float64Array holding the same numbers compare equal.
function isNumericSequence(kind: string): boolean {
  return kind === "array" || kind === "typed array";
}

/** A short, one-line rendering of a value for reports. */
export function preview(value: unknown, max = 80): string {
  let text: string;
  if (typeof value === "number") text = Object.is(value, -0) ? "-0" : String(value);
  else if (typeof value === "bigint") text = `${value}n`;
  else if (value === undefined) text = "undefined";
  else if (typeof value === "function") text = "[function]";
  else if (value instanceof Map) text = `Map(${value.size})`;
  else if (value instanceof Set) text = `Set(${value.size})`;
  else if (ArrayBuffer.isView(value))
    text = `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length}) [${Array.from(
      value as unknown as ArrayLike<number>,
    )
      .slice(0, 5)
      .join(", ")}…]`;
  else if (value instanceof Error) text = `${value.name}: ${value.message}`;
  else {
    try {
      text =
        JSON.stringify(value, (_k, v: unknown) => {
          if (typeof v === "number" && !Number.isFinite(v)) return String(v);
          if (typeof v === "bigint") return `${v}n`;
          if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
          if (v instanceof Map) return Object.fromEntries([...v].map(([key, item]) => [String(key), item]));
          if (v instanceof Set) return [...v];
          return v;
        }) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}
