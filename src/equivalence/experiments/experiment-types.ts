import type { DiffResult } from "../diff/diff-types.js";

/** One experiment applied to one input (command experiments) or to all its cases (module experiments). */
export interface ExperimentUnit {
  experiment: string;
  /** Root-relative POSIX path of the input, or null. */
  input: string | null;
  /** Stable id used for sharding and reports: "name" or "name[input]". */
  id: string;
}

/** Wall time and peak memory of one side. */
export interface SideMeasure {
  /** Where the side ran: "current tree", "git:<rev>", "backup", "baseline". */
  source: string;
  /** Wall time of each run, in milliseconds. */
  wallMs: number[];
  medianMs: number | null;
  /** Peak resident memory of the side's process tree in bytes (null when it cannot be observed). */
  peakMemoryBytes: number | null;
}

/** Result of the optional performance gate. */
export interface PerformanceVerdict {
  maxSlowdown: number;
  repeat: number;
  legacyMedianMs: number | null;
  migratedMedianMs: number;
  /** migrated median / legacy median. */
  ratio: number | null;
  passed: boolean;
  note: string;
}

/** A column that differs from itself over two legacy runs. */
export interface JitterNote {
  output: string;
  column: string;
  jitterAbs: number;
  jitterRel: number;
  rtol: number;
  atol: number;
  /** The declared tolerance would not absorb the observed jitter. */
  isBelowJitter: boolean;
}

/** One compared output file of a command experiment. */
export interface OutputResult {
  file: string;
  /** Table comparison, or null for byte comparison / errors. */
  diff: DiffResult | null;
  /** For non-table files: whether the bytes are identical. */
  bytesEqual: boolean | null;
  equal: boolean;
  error: string | null;
}

/** One difference inside two return values. */
export interface ValueDifference {
  /** Path into the value, e.g. "$.trades[3].pnl". */
  path: string;
  legacy: string;
  migrated: string;
  reason: string;
}

/** The largest errors over the number pairs of compared values, and where the largest absolute one is. */
export interface ValueErrors {
  maxAbsError: number;
  maxRelError: number;
  /** Path of the pair with the largest absolute error (case name first in a unit), its two values; null while every pair is identical. */
  maxAbsAt: { path: string; legacy: number; migrated: number } | null;
}

/** A module case whose results differ. */
export interface CaseMismatch {
  index: number;
  name: string;
  differences: ValueDifference[];
}

/** The outcome of one unit. */
export interface UnitResult {
  experiment: string;
  kind: "command" | "module";
  input: string | null;
  id: string;
  status: "equal" | "different" | "error";
  /** One-line summary. */
  message: string;
  legacy: SideMeasure | null;
  migrated: SideMeasure | null;
  outputs: OutputResult[];
  /** Module experiments: the cases, those that differ, the tolerance used and the largest errors over all return values. */
  cases: {
    total: number;
    mismatches: CaseMismatch[];
    tolerance: { rtol: number; atol: number; symmetric: boolean };
    errors: ValueErrors;
  } | null;
  /** True when the unit could not be set up (no baseline recorded, a command that cannot start): the set-up is wrong, not the migration. */
  setupError?: boolean;
  performance: PerformanceVerdict | null;
  jitter: JitterNote[] | null;
  /** Captured stderr of a failing side (tail). */
  stderr: { legacy?: string; migrated?: string };
}

/** Everything `graft equiv` found. */
export interface EquivReport {
  manifest: string;
  root: string;
  shard: { index: number; count: number } | null;
  mode: "compare" | "record" | "calibrate";
  units: UnitResult[];
  /** Files written by --record (root-relative). */
  recorded: string[];
  equal: boolean;
}
