import type { ExperimentSpec } from "../../model/manifest-schema.js";
import type { ExperimentUnit, UnitResult } from "./experiment-types.js";

/** A unit result with nothing found yet (status error until a runner concludes it). */
export function createUnitResult(spec: ExperimentSpec, unit: ExperimentUnit): UnitResult {
  return {
    experiment: spec.name,
    kind: spec.module === undefined ? "command" : "module",
    input: unit.input,
    id: unit.id,
    status: "error",
    message: "",
    legacy: null,
    migrated: null,
    outputs: [],
    cases: null,
    performance: null,
    jitter: null,
    stderr: {},
  };
}

/** Marks a unit as failed to run, with a one-line reason. */
export function failUnit(result: UnitResult, message: string): UnitResult {
  result.status = "error";
  result.message = message;
  return result;
}

/** Marks a unit as not set up (no baseline, a command that cannot start): `graft equiv` exits 2, not 1. */
export function failSetup(result: UnitResult, message: string): UnitResult {
  result.setupError = true;
  return failUnit(result, message);
}
