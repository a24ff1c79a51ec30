/**
 * Where graft's time goes on a real repository: runs `graft plan` and `graft apply` (plan + apply + verify) under
 * `node --cpu-prof` on a fresh copy of a bench case, then prints the top functions by self time, graft's own
 * functions by inclusive time (the phases), and self time by package/folder. Or summarizes a given .cpuprofile.
 *
 *   node --import tsx bench/real-repos/profile.ts --case date-fns-lib [--top 25]
 *   node --import tsx bench/real-repos/profile.ts FILE.cpuprofile [--top 25]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bringRepository, freshCopy, graftBin, installRepository, loadCorpus } from "./corpus.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const top = Number(option("--top") ?? 25);

/** A short place for a frame's script: graft's own files relative to the repository, packages by name. */
function place(url: string): string {
  if (!url) return "(native)";
  const file = url.replace(/^file:\/\//, "");
  const modules = file.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const parts = file.slice(modules + "node_modules/".length).split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (file.startsWith(repositoryRoot)) return path.relative(repositoryRoot, file);
  return file.startsWith("node:") ? file : path.basename(file);
}

/** Prints self time, graft's inclusive time per function, and self time per package/folder. */
export function summarize(profile: Profile, label: string): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const dt = (profile.timeDeltas[index] ?? 0) / 1000;
    total += dt;
    const node = byId.get(id)!;
    const key = (n: ProfileNode): string =>
      `${n.callFrame.functionName || "(anonymous)"} ${place(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    self.set(key(node), (self.get(key(node)) ?? 0) + dt);
    const where = place(node.callFrame.url);
    const folder = where.startsWith("dist/") ? where.split("/").slice(0, 4).join("/") : where;
    byPlace.set(folder, (byPlace.get(folder) ?? 0) + dt);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current)!;
      if (!frame.callFrame.url.includes("/dist/src/")) continue;
      const k = key(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const lines = [`${label}: ${total.toFixed(0)} ms sampled (wall ${(profile.endTime - profile.startTime) / 1000} ms)`];
  const list = (title: string, map: Map<string, number>): void => {
    lines.push(`  ${title}:`);
    for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
      lines.push(`    ${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`);
  };
  list("self time by package/folder", byPlace);
  list("top functions by self time", self);
  list("graft functions by inclusive time (phases)", inclusive);
  return lines.join("\n");
}

function profileCase(caseId: string): void {
  const repo = loadCorpus().find((r) => r.cases.some((c) => c.id === caseId));
  if (!repo) throw new Error(`no case ${caseId} in corpus.json`);
  const spec = repo.cases.find((c) => c.id === caseId)!;
  const checkout = bringRepository(repo, { reset: false });
  if ("skipped" in checkout) {
    console.log(`skipped: ${checkout.skipped}`);
    return;
  }
  const failed = installRepository(repo, checkout.dir, console.log);
  if (failed) throw new Error(failed);
  const work = mkdtempSync(path.join(os.tmpdir(), `graft-profile-${caseId}-`));
  const dir = freshCopy(repo, checkout.dir, path.join(work, "tree"));
  const manifest = path.join(work, "graft.json");
  const data = { version: 1, name: spec.id, root: dir, moves: spec.moves, ...(repo.manifest ?? {}), ...spec.manifest };
  writeFileSync(manifest, JSON.stringify(data, null, 2));
  for (const command of ["plan", "apply"]) {
    const profiles = path.join(work, `prof-${command}`);
    const started = process.hrtime.bigint();
    const result = spawnSync(
      process.execPath,
      [
        "--cpu-prof",
        "--cpu-prof-dir",
        profiles,
        graftBin(),
        command,
        manifest,
        ...(command === "apply" ? ["--yes"] : ["--json"]),
      ],
      { cwd: dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`\n== graft ${command} on ${caseId}: exit ${result.status}, ${(ms / 1000).toFixed(2)} s wall`);
    for (const file of readdirSync(profiles).sort())
      console.log(summarize(JSON.parse(readFileSync(path.join(profiles, file), "utf8")), file));
  }
  console.log(`\nprofiles kept in ${work}`);
}

if (option("--case")) profileCase(option("--case")!);
else if (args[0]) console.log(summarize(JSON.parse(readFileSync(args[0], "utf8")), args[0]));
else console.log("usage: profile.ts --case ID | profile.ts FILE.cpuprofile");
