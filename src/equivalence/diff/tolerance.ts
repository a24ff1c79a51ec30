/** Tolerances for one column: numpy.isclose (reference = legacy) unless `symmetric`. */
export interface Tolerance {
  rtol: number;
  atol: number;
  /** math.isclose form: |m − l| ≤ max(rtol·max(|l|,|m|), atol). */
  symmetric: boolean;
}

/** Defaults of the guide: exact unless asked (rtol 1e-10, atol 0), numpy's asymmetric form. */
export const defaultTolerance: Tolerance = Object.freeze({ rtol: 1e-10, atol: 0, symmetric: false });

/** True when migrated `m` equals legacy `l` under `tol` (NaN equals NaN; ±inf only equals itself). */
export function isWithinTolerance(l: number, m: number, rtol: number, atol: number, symmetric: boolean): boolean {
  if (m === l) return true;
  // NaN is the only value unequal to itself: both NaN is equal, one NaN is not.
  if (l !== l || m !== m) return l !== l && m !== m;
  // After m === l failed, an infinity on either side can only be a mismatch; without this guard
  // inf − 1 ≤ rtol·inf would pass.
  if (l === Infinity || l === -Infinity || m === Infinity || m === -Infinity) return false;
  const diff = Math.abs(m - l);
  const absL = Math.abs(l);
  if (!symmetric) return diff <= atol + rtol * absL;
  const absM = Math.abs(m);
  return diff <= Math.max(rtol * (absL > absM ? absL : absM), atol);
}

/** Relative error as the formula sees it: |m − l| / |l|, or / max(|l|,|m|) when symmetric. */
export function relativeError(l: number, m: number, symmetric: boolean): number {
  const diff = Math.abs(m - l);
  if (diff === 0) return 0;
  const scale = symmetric ? Math.max(Math.abs(l), Math.abs(m)) : Math.abs(l);
  return diff / scale;
}

/** The formula a report names, with its tolerances and NaN policy. */
export function describeFormula(symmetric: boolean): string {
  return symmetric
    ? "|m - l| <= max(rtol * max(|l|, |m|), atol)  (math.isclose, symmetric); NaN == NaN; inf == same inf only"
    : "|m - l| <= atol + rtol * |l|  (numpy.isclose, l = legacy reference); NaN == NaN; inf == same inf only";
}
