/**
 * Start-up: `graft --version`, `graft --help` and `graft <command> --help` against `node -e 0` (the floor), in
 * alternating rounds, medians of wall time. Target: ≤ 0.25 s for --version and --help (issue: each command's code
 * loads only when it runs). Usage: npm run bench -- --only startup [--rounds N]
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const roundsAt = args.indexOf("--rounds");
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 15;
const bin = path.join(root, "bin/graft.js");
const cases: [string, string[]][] = [
  ["node -e 0", ["-e", "0"]],
  ["graft --version", [bin, "--version"]],
  ["graft --help", [bin, "--help"]],
  ["graft plan --help", [bin, "plan", "--help"]],
  ["graft diff --help", [bin, "diff", "--help"]],
];

const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, argv] of cases) {
    const started = performance.now();
    const run = spawnSync(process.execPath, argv, { cwd: root, stdio: "ignore" });
    const elapsed = performance.now() - started;
    if (run.status !== 0) throw new Error(`${name} exited with ${run.status}`);
    times.get(name)!.push(elapsed);
  }
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const floor = median(times.get("node -e 0")!);
console.log(
  `start-up, ${rounds} alternating rounds, median wall time (load: ${(await import("node:os")).loadavg()[0]!.toFixed(2)})`,
);
for (const [name, values] of times) {
  const ms = median(values);
  const verdict = name.startsWith("graft --") ? (ms <= 250 ? "  ≤ 0.25 s ✓" : "  > 0.25 s ✗") : "";
  console.log(
    `  ${name.padEnd(20)} ${(ms / 1000).toFixed(3)} s  (+${((ms - floor) / 1000).toFixed(3)} s over node)${verdict}`,
  );
}
