import picomatch from "picomatch";
import type { ConflictStrategy } from "../model/plan.js";

/** The manifest's conflict policy: a default and glob rules (first match wins). */
export interface ConflictPolicy {
  default: ConflictStrategy;
  rules: readonly { match: string; strategy: ConflictStrategy }[];
}

/** Returns a function giving the strategy for a conflict, matched on its move-relative or root-relative path. */
export function createStrategyResolver(
  policy: ConflictPolicy,
): (movePath: string, rootPath: string) => ConflictStrategy {
  const matchers = policy.rules.map((rule) => ({
    isMatch: picomatch(rule.match, { dot: true }),
    strategy: rule.strategy,
  }));
  return (movePath, rootPath) =>
    matchers.find((m) => m.isMatch(movePath) || m.isMatch(rootPath))?.strategy ?? policy.default;
}
