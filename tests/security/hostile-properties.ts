import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { signRecordText } from "../../src/backup/record-key.js";
import { runGraftInProcess, type TimedCliResult } from "../helpers/run-cli-in-process.js";
import { diffSnapshots, snapshotTree } from "../helpers/tree-snapshot.js";
import { makeSandbox, type Sandbox, sampleManifest, writeFiles } from "./sandbox.js";

/**
 * Property tests of graft's promises on hostile input (docs/SECURITY.md): whatever manifest, saved plan, run
 * record or tree fast-check makes up, every command ends with exit 0–3 and at most one line of error (warnings
 * aside) without a stack trace, well within 10 s, and no byte outside the root changes. `npm test` runs a few
 * hundred cases (hostile-inputs.test.ts); tests/security/soak.ts runs thousands.
 */

/** Figures of a run of the properties: calls made, exit codes seen, the slowest call. */
export interface SoakFigures {
  calls: number;
  codes: Record<number, number>;
  slowestMs: number;
  slowest: string;
}

/** A fresh tally. */
export function createFigures(): SoakFigures {
  return { calls: 0, codes: {}, slowestMs: 0, slowest: "" };
}

/** Runs one CLI call and asserts what every call promises; throws (failing the property) when one is broken. */
async function call(figures: SoakFigures, box: Sandbox, args: string[], cwd?: string): Promise<TimedCliResult> {
  const before = box.outside();
  const result = await runGraftInProcess(args, { cwd: cwd ?? box.root });
  figures.calls += 1;
  figures.codes[result.code] = (figures.codes[result.code] ?? 0) + 1;
  if (result.ms > figures.slowestMs) {
    figures.slowestMs = result.ms;
    figures.slowest = args.join(" ").slice(0, 120);
  }
  const where = `graft ${args.join(" ").slice(0, 300)}`;
  if (![0, 1, 2, 3].includes(result.code))
    throw new Error(`${where}: exit ${result.code}\n${result.stderr.slice(0, 2000)}`);
  const lines = result.stderr.split("\n").filter((line) => line && !line.startsWith("graft: warning:"));
  if (lines.length > 1) throw new Error(`${where}: ${lines.length} lines on stderr\n${result.stderr.slice(0, 2000)}`);
  if (/\n\s+at |internal error/.test(result.stderr))
    throw new Error(`${where}: a bug\n${result.stderr.slice(0, 2000)}`);
  if (result.ms >= 10_000) throw new Error(`${where}: took ${Math.round(result.ms)} ms`);
  const changed = box.changedOutside(before);
  if (changed.length) throw new Error(`${where}: changed outside the root:\n${changed.slice(0, 10).join("\n")}`);
  return result;
}

// Strings an attacker would try where a path, a glob or a name goes.
const hostileText = fc.constantFrom(
  "src/old",
  "src/new",
  "src/use.ts",
  "README.md",
  "../sibling",
  "../sibling/secret.txt",
  "../../",
  "/etc",
  "/etc/**",
  "C:\\\\Windows",
  "\\\\\\\\server\\\\share",
  ".",
  "",
  "src/old/../..",
  "src//old/",
  "./src/old",
  ".git",
  ".git/hooks/pre-commit",
  ".graft/objects",
  "node_modules/x",
  "a\nb",
  "a\rb\x1b[2K",
  "\u2028\u202e",
  "x\0y",
  "n".repeat(256),
  Array(300).fill("d").join("/"),
  "{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}",
  "{..,x}/sibling/**",
  "**/*",
  "**/*.md",
  "src/**",
  "!(src)/**",
  "+(a|b)*",
  "[a-",
  "{1..100000}",
  "évènement/日本",
);
const anyScalar = fc.oneof(
  hostileText,
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(2147484, 1e308, -1, 0, null, true),
);
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    anyScalar,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.oneof(hostileText, fc.string({ maxLength: 6 })), tie("value"), { maxKeys: 3 }),
  ),
})).value;
const pathLike = fc.oneof({ weight: 3, arbitrary: hostileText }, { weight: 1, arbitrary: anyScalar });
const globList = fc.oneof(fc.array(hostileText, { maxLength: 3 }), anyValue);

/** Sometimes `value`, mostly absent: a manifest gets a few hostile fields at a time, so most still apply. */
const rarely = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });
const saneGlobs = fc.constantFrom(["**/*"], ["src/**"], ["**/*.md"], ["**/*.ts", "**/*.py"], []);
const someGlobs = fc.oneof({ weight: 3, arbitrary: saneGlobs }, { weight: 1, arbitrary: globList });
const sampleMove = fc.constant([{ from: "src/old", to: "src/new" }]);

/** Manifests: mostly the sample move with a few hostile fields, sometimes anything at all, as YAML or JSON. */
const manifestArbitrary = fc
  .record({
    version: fc.oneof({ weight: 12, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: anyScalar }),
    name: fc.oneof({ weight: 12, arbitrary: fc.constant("hostile") }, { weight: 1, arbitrary: anyScalar }),
    // A manifest names its root (that is the boundary the promises are about): made-up roots resolve to the
    // sandbox's root or to nothing, so "outside" stays the sandbox's root's parent and sibling.
    root: rarely(fc.constantFrom(".", "./", "src/..", "missing", "", "src/old/../..", 5, null)),
    moves: fc.oneof(
      { weight: 6, arbitrary: sampleMove },
      { weight: 3, arbitrary: fc.array(fc.record({ from: pathLike, to: pathLike }), { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: anyValue },
    ),
    steps: rarely(
      fc.array(
        fc.oneof(
          fc.record({ move: fc.record({ from: pathLike, to: pathLike }) }),
          fc.record({ extract: fc.record({ from: pathLike, to: pathLike, symbols: fc.array(hostileText) }) }),
        ),
        { maxLength: 2 },
      ),
    ),
    include: rarely(someGlobs),
    exclude: rarely(someGlobs),
    references: rarely(fc.record({ rewrite: someGlobs, report: someGlobs }, { requiredKeys: [] })),
    imports: rarely(fc.record({ scope: someGlobs })),
    typescript: rarely(fc.record({ tsconfig: pathLike })),
    python: rarely(fc.record({ roots: someGlobs })),
    conflicts: rarely(
      fc.record({ default: fc.constantFrom("manual", "keep-source", "markers", "evil"), rules: anyValue }),
    ),
    // Only harmless commands: apply runs them, which is the point of verify.commands.
    verify: rarely(
      fc.record({
        commands: fc.array(fc.constantFrom("true", "false", "exit 3")),
        timeoutSeconds: fc.oneof(fc.constant(30), anyScalar),
      }),
    ),
    extra: rarely(anyValue),
  })
  .map((manifest) => Object.fromEntries(Object.entries(manifest).filter(([, value]) => value !== undefined)));

/** Whatever manifest is made up, validate, plan and apply keep the promises. */
export function manifestProperty(figures: SoakFigures) {
  return fc.asyncProperty(manifestArbitrary, fc.constantFrom("yaml", "json"), fc.nat(), async (data, format, cut) => {
    const box = makeSandbox();
    const file = path.join(box.root, `graft.${format}`);
    let text = format === "json" ? JSON.stringify(data) : stringify(data);
    if (cut % 11 === 0) text = text.slice(0, Math.max(1, text.length - (cut % 40)));
    writeFileSync(file, text);
    await call(figures, box, ["validate", file]);
    const plan = await call(figures, box, ["plan", file, "--json"]);
    if (plan.code !== 0 && cut % 3 !== 0) return;
    const tree = snapshotTree(box.root);
    const applied = await call(figures, box, [
      "apply",
      file,
      "--yes",
      "--allow-dirty",
      ...(cut % 2 ? ["--no-verify"] : []),
    ]);
    if (applied.code !== 0) return;
    const undone = await call(figures, box, ["rollback", "--yes", "--root", box.root]);
    if (undone.code === 0 && diffSnapshots(tree, snapshotTree(box.root)).length)
      throw new Error(`rollback did not restore the tree: ${diffSnapshots(tree, snapshotTree(box.root)).join("; ")}`);
  });
}

/** Any generated value as text (objects fast-check makes may have no prototype, so no toString). */
const asText = (value: unknown): string => (typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined"));

/** Applies a mutation; one that does not fit a shape an earlier mutation made (a list turned number) is skipped. */
function mutate(change: () => void): void {
  try {
    change();
  } catch {
    // nothing to change in this shape
  }
}

/** One change fast-check can make to a saved plan. */
type PlanMutation = (plan: Record<string, unknown>, pick: number, value: unknown) => void;

const planMutations: PlanMutation[] = [
  (plan, pick, value) => {
    const ops = plan.operations as Record<string, unknown>[];
    const op = ops[pick % ops.length];
    if (op) op[["path", "from", "to"].find((k) => k in op) ?? "path"] = value;
  },
  (plan, _, value) =>
    (plan.operations as unknown[]).push({
      op: "write",
      path: value,
      content: "x",
      encoding: "utf8",
      mode: 0o644,
      before: null,
      sha256: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
      reason: "",
    }),
  (plan, pick, value) =>
    (plan.operations as unknown[]).push({ op: ["delete", "mkdir", "rmdir", "edit"][pick % 4], path: value }),
  (plan, pick) => {
    const ops = plan.operations as Record<string, unknown>[];
    const op = ops[pick % ops.length];
    if (op) op.mode = [0o4755, 0o2755, 0o1777, 0o777, -1, 1e9, 0o600][pick % 7];
  },
  (plan, _, value) => {
    plan.root = value;
  },
  (plan, pick, value) => {
    const keys = Object.keys(plan);
    plan[keys[pick % keys.length]!] = value;
  },
  (plan, pick, value) => {
    const ops = plan.operations as Record<string, unknown>[];
    const op = ops[pick % ops.length];
    if (op) op.edits = [{ start: pick % 50, end: (pick * 7) % 60, text: asText(value) }];
  },
  (plan, _, value) => {
    (plan.reads as Record<string, unknown>)[asText(value)] = "0".repeat(64);
  },
];

/** Whatever a hand-edited plan.json holds, `graft apply plan.json` keeps the promises. */
export function planProperty(figures: SoakFigures) {
  return fc.asyncProperty(
    fc.array(fc.tuple(fc.nat(planMutations.length - 1), fc.nat(), fc.oneof(pathLike, anyValue)), {
      minLength: 1,
      maxLength: 3,
    }),
    async (mutations) => {
      const box = makeSandbox();
      const manifest = path.join(box.root, "graft.yaml");
      writeFileSync(manifest, sampleManifest());
      // Inside the root: the plan file is graft's own output, and everything outside the root is watched.
      const planPath = path.join(box.root, "plan.json");
      await call(figures, box, ["plan", manifest, "--out", planPath]);
      const plan = JSON.parse(readFileSync(planPath, "utf8")) as Record<string, unknown>;
      for (const [which, pick, value] of mutations) mutate(() => planMutations[which]!(plan, pick, value));
      writeFileSync(planPath, JSON.stringify(plan));
      await call(figures, box, ["apply", planPath, "--yes", "--allow-dirty", "--no-verify"]);
    },
  );
}

/** One change fast-check can make to a run record (the record's JSON as an object). */
type RecordMutation = (record: Record<string, unknown>, pick: number, value: unknown) => void;

const changesOf = (record: Record<string, unknown>) =>
  ((record.actions as { changes: Record<string, unknown>[] }[] | undefined) ?? []).flatMap((a) => a?.changes ?? []);

const recordMutations: RecordMutation[] = [
  (record, pick, value) => {
    const changes = changesOf(record);
    const change = changes[pick % Math.max(1, changes.length)];
    if (change) change.path = value;
  },
  (record, pick, value) => {
    const changes = changesOf(record);
    const change = changes[pick % Math.max(1, changes.length)];
    if (change) change[pick % 2 ? "before" : "after"] = value;
  },
  (record, pick) => {
    const changes = changesOf(record);
    const change = changes[pick % Math.max(1, changes.length)];
    const state = change?.before as Record<string, unknown> | undefined;
    if (state && "sha256" in state) state.sha256 = "f".repeat(64);
    if (state && "mode" in state) state.mode = [0o4777, 0o7777, 0, 0o600][pick % 4];
  },
  (record, _, value) => {
    record.root = value;
  },
  (record, pick, value) => {
    const keys = Object.keys(record);
    record[keys[pick % keys.length]!] = value;
  },
  (record, pick) => {
    record.status = ["running", "applied", "failed", "interrupted", "rolled-back", "?"][pick % 6];
    record.pid = 1;
  },
  (record, _, value) => {
    (record.actions as unknown[]).push({
      index: 99,
      operation: 0,
      kind: "put",
      changes: [{ path: value, before: { kind: "absent" }, after: { kind: "absent" } }],
    });
  },
];

/** Whatever a run record (signed again or not) holds, rollback, history, show and backup verify keep the promises. */
export function recordProperty(figures: SoakFigures) {
  return fc.asyncProperty(
    fc.array(fc.tuple(fc.nat(recordMutations.length - 1), fc.nat(), fc.oneof(pathLike, anyValue)), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.boolean(),
    fc.nat(),
    async (mutations, resign, pick) => {
      const box = makeSandbox();
      const manifest = path.join(box.root, "graft.yaml");
      writeFileSync(manifest, sampleManifest());
      const applied = await call(figures, box, ["apply", manifest, "--yes", "--allow-dirty", "--no-verify", "--json"]);
      if (applied.code !== 0) throw new Error(`the sample migration did not apply: ${applied.stderr}`);
      const id = (JSON.parse(applied.stdout) as { id: string }).id;
      const file = path.join(box.root, ".graft/runs", id, "run.json");
      const { signature: _, ...record } = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      for (const [which, at, value] of mutations) mutate(() => recordMutations[which]!(record, at, value));
      let text = JSON.stringify(record);
      // Signed again: what a record written by this user's graft, or a stolen key, could say.
      if (resign) text = `{"signature":${JSON.stringify(signRecordText(text))},${text.slice(1)}`;
      if (pick % 13 === 0) text = text.slice(0, pick % text.length);
      writeFileSync(file, text);
      const root = ["--root", box.root];
      await call(figures, box, ["history", ...root]);
      await call(figures, box, ["show", id, ...root]);
      await call(figures, box, ["backup", "verify", ...root]);
      const flags = [[], ["--force"], ["--trust-records"], ["--trust-records", "--force"]][pick % 4]!;
      await call(figures, box, ["rollback", id, "--yes", ...root, ...flags]);
      await call(figures, box, ["rollback", "--yes", "--dry-run", ...root, ...flags]);
    },
  );
}

// File names a tree may hold: the sample's, and names made to confuse (controls, Unicode, dots, very long).
const treeName = fc.constantFrom(
  "a.ts",
  "b.py",
  "index.ts",
  "__init__.py",
  "x\ny.ts",
  "esc\x1b[2K.ts",
  "cr\r.md",
  "rtl\u202e.ts",
  "sp ace.ts",
  "..dots",
  "-rf",
  ".hidden",
  "日本.ts",
  "n".repeat(200),
  "README.md",
);
const treeEntry = fc.record({
  dir: fc.constantFrom("src/old", "src/old/sub", "src/new", "src", "docs"),
  name: treeName,
  content: fc.oneof(
    fc.constantFrom('import { a } from "./a";\n', "from . import a\n", "see src/old/a.ts\n", "\x00\xff\x1b", ""),
    fc.string({ maxLength: 40 }),
  ),
  link: fc.constantFrom(
    undefined,
    undefined,
    undefined,
    "../../sibling",
    "../../sibling/secret.txt",
    "/etc/passwd",
    "a.ts",
  ),
});

/** Whatever names, bytes and symlinks the tree holds, validate, plan, apply and rollback keep the promises. */
export function treeProperty(figures: SoakFigures) {
  return fc.asyncProperty(
    fc.array(treeEntry, { maxLength: 8 }),
    fc.constantFrom(
      "",
      'references: { rewrite: ["**/*.md"] }\n',
      'include: ["src/**"]\n',
      "conflicts: { default: keep-source }\n",
    ),
    fc.boolean(),
    async (entries, extra, latin1) => {
      const box = makeSandbox();
      for (const entry of entries) {
        const dir = path.join(box.root, entry.dir);
        mkdirSync(dir, { recursive: true });
        const target = path.join(dir, entry.name);
        if (readdirSync(dir).includes(entry.name)) continue;
        if (entry.link) symlinkSync(entry.link, target);
        else writeFileSync(target, entry.content);
      }
      // A name that is not UTF-8 (Latin-1 "é") in the moved folder.
      if (latin1) writeFileSync(Buffer.from(path.join(box.root, "src/old/caf\xe9.ts"), "latin1"), "x\n");
      writeFiles(box.root, { "graft.yaml": sampleManifest(extra) });
      const manifest = path.join(box.root, "graft.yaml");
      await call(figures, box, ["validate", manifest]);
      await call(figures, box, ["plan", manifest]);
      const tree = latin1 ? undefined : snapshotTree(box.root);
      const applied = await call(figures, box, ["apply", manifest, "--yes", "--allow-dirty", "--no-verify"]);
      if (applied.code !== 0 || !tree) return;
      const undone = await call(figures, box, ["rollback", "--yes", "--root", box.root]);
      const left = diffSnapshots(tree, snapshotTree(box.root));
      if (undone.code !== 0 || left.length)
        throw new Error(
          `rollback (exit ${undone.code}: ${undone.stderr}) did not restore the tree: ${left.join("; ")}`,
        );
    },
  );
}
