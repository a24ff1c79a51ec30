/** The longest glob graft accepts (picomatch refuses 65,536 characters; a real one is a few dozen). */
export const maxGlobLength = 1024;
/** The most patterns one glob may expand to by its braces (`{a,b}` twenty times is a million). */
export const maxBraceExpansions = 256;

// As in paths: controls can rewrite what a terminal shows, and nobody means them in a glob.
const controlCharacter = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;
// A `..` segment, wherever glob syntax can start or end one: `../x`, `{a,..}/x`, `@(..)/x`.
const parentSegment = /(^|[/{,(|])\.\.($|[/},)|])/;

/**
 * Why a root-relative glob from a manifest must not be used, or undefined: globs are checked like paths (never
 * absolute, never climbing out of the root) and bounded so matching them stays cheap.
 */
export function describeGlobProblem(glob: string): string | undefined {
  if (glob.includes("\0")) return "must not contain NUL characters";
  if (controlCharacter.test(glob)) return "must not contain control characters (a newline, tab, escape…)";
  if (glob.length > maxGlobLength) return `is too long (more than ${maxGlobLength} characters)`;
  if (/^([/\\]|[A-Za-z]:)/.test(glob)) return "must stay inside root (absolute globs are not allowed)";
  if (parentSegment.test(glob.replace(/\\(.)/g, "$1"))) return "must stay inside root (no .. segments)";
  if (countBraceExpansions(glob) > maxBraceExpansions)
    return `expands to more than ${maxBraceExpansions} patterns (brace expansion); split it or use a wildcard`;
  return undefined;
}

/** How many patterns brace expansion makes of `glob` (`{a,b}/{c,d}` is 4, `{1..10}` is 10), counted up to just past `cap`. */
export function countBraceExpansions(glob: string, cap = maxBraceExpansions): number {
  let i = 0;
  const bounded = (n: number) => Math.min(n, cap + 1);
  // Reads a group after its `{`, through its `}`: the sum of its alternatives, or the size of a range.
  const group = (): number => {
    const start = i;
    const alternatives: number[] = [];
    let current = 1;
    while (i < glob.length) {
      const c = glob[i]!;
      if (c === "\\") i += 2;
      else if (c === "{") {
        i++;
        current = bounded(current * group());
      } else if (c === ",") {
        alternatives.push(current);
        current = 1;
        i++;
      } else if (c === "}") {
        const inner = glob.slice(start, i);
        i++;
        if (alternatives.length === 0) return rangeSize(inner, cap) ?? current;
        return bounded(alternatives.reduce((sum, n) => sum + n, current));
      } else i++;
    }
    return current; // never closed: the braces are literal text
  };
  let total = 1;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === "\\") i += 2;
    else if (c === "{") {
      i++;
      total = bounded(total * group());
    } else i++;
  }
  return total;
}

function rangeSize(inner: string, cap: number): number | undefined {
  const numbers = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(inner);
  if (numbers) {
    const step = Math.abs(Number(numbers[3] ?? 1)) || 1;
    return Math.min(cap + 1, Math.floor(Math.abs(Number(numbers[2]) - Number(numbers[1])) / step) + 1);
  }
  const letters = /^([A-Za-z])\.\.([A-Za-z])$/.exec(inner);
  if (letters) return Math.abs(letters[2]!.charCodeAt(0) - letters[1]!.charCodeAt(0)) + 1;
  return undefined;
}
