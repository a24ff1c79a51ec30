import type { PerformanceVerdict, SideMeasure } from "./experiment-types.js";

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A side's measure from its runs. */
export function measureSide(source: string, wallMs: number[], peaks: (number | null)[]): SideMeasure {
  const known = peaks.filter((p): p is number => p !== null);
  return {
    source,
    wallMs,
    medianMs: wallMs.length > 0 ? median(wallMs) : null,
    peakMemoryBytes: known.length > 0 ? Math.max(...known) : null,
  };
}

/** The slowdown gate: migrated median / legacy median must not exceed maxSlowdown. */
export function judgePerformance(
  maxSlowdown: number,
  repeat: number,
  legacy: SideMeasure | null,
  migrated: SideMeasure,
): PerformanceVerdict {
  const migratedMedianMs = migrated.medianMs ?? 0;
  if (legacy === null || legacy.medianMs === null) {
    return {
      maxSlowdown,
      repeat,
      legacyMedianMs: null,
      migratedMedianMs,
      ratio: null,
      passed: true,
      note: "not judged: the legacy side did not run (baseline)",
    };
  }
  const ratio = legacy.medianMs > 0 ? migratedMedianMs / legacy.medianMs : migratedMedianMs > 0 ? Infinity : 1;
  const passed = ratio <= maxSlowdown;
  return {
    maxSlowdown,
    repeat,
    legacyMedianMs: legacy.medianMs,
    migratedMedianMs,
    ratio,
    passed,
    note: `median of ${repeat} runs: migrated ${migratedMedianMs.toFixed(1)} ms / legacy ${legacy.medianMs.toFixed(1)} ms = ${ratio.toFixed(3)} (limit ${maxSlowdown})`,
  };
}

/** Default number of runs per side when a performance gate is declared. */
export const defaultPerformanceRepeat = 5;
