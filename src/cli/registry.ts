import type { CliCommand } from "./commands.js";

/**
 * A command as the program knows it before its code is loaded: its name and one-line summary (for `graft --help`)
 * and how to load it. Loading a command pulls in the library, so only the command that runs is loaded: `graft
 * --version` and `graft --help` load none (start-up stays close to Node's own).
 */
export interface CommandEntry {
  name: string;
  /** The command's description, as its module registers it (a test keeps the two equal). */
  summary: string;
  load(): Promise<CliCommand>;
}

/** Every command of the CLI, in help order. Add a command here. */
export const commandEntries: CommandEntry[] = [
  {
    name: "demo",
    summary: "run graft end to end on temp copies of the bundled fixtures (what `npm start` runs)",
    load: async () => (await import("./demo.js")).demoCommand,
  },
  {
    name: "init",
    summary: "write a commented starter graft.yaml for this folder (detects tsconfig.json and Python layouts)",
    load: async () => (await import("./init.js")).initCommand,
  },
  {
    name: "mv",
    summary: "move a file or folder and rewrite every import of it, like git mv with graft's safety net",
    load: async () => (await import("./mv.js")).mvCommand,
  },
  {
    name: "validate",
    summary: "check a manifest (schema, paths inside root, moves that exist and do not overlap)",
    load: async () => (await import("./validate.js")).validateCommand,
  },
  {
    name: "classify",
    summary: "classify the files of each move's two trees: source-only, identical, conflict, target-only",
    load: async () => (await import("./classify.js")).classifyCommand,
  },
  {
    name: "plan",
    summary:
      "dry run: compute every operation (moves, conflict resolutions, import edits; every step of a staged manifest) and write nothing in the tree",
    load: async () => (await import("./plan.js")).planCommand,
  },
  {
    name: "apply",
    summary:
      "apply a migration for real: back up every touched file, write atomically, verify; roll back on any failure",
    load: async () => (await import("./apply.js")).applyCommand,
  },
  {
    name: "rollback",
    summary:
      "undo a run (default: the newest applied or interrupted one): restore contents, modes, symlinks and folders",
    load: async () => (await import("./rollback.js")).rollbackCommand,
  },
  {
    name: "history",
    summary: "list graft runs on this root, newest first",
    load: async () => (await import("./history.js")).historyCommand,
  },
  {
    name: "show",
    summary: "show one run: who, when, status and every change with before/after sha256",
    load: async () => (await import("./show.js")).showCommand,
  },
  {
    name: "backup",
    summary: "check, list and prune the backups runs keep in .graft/objects",
    load: async () => (await import("./backup.js")).backupCommand,
  },
  {
    name: "schema",
    summary: "print the manifest JSON Schema (generated from graft's own validation)",
    load: async () => (await import("./schema.js")).schemaCommand,
  },
  {
    name: "diff",
    summary:
      "compare two output tables (CSV, TSV, JSON, NDJSON) cell by cell within tolerance (numpy.isclose, legacy = reference)",
    load: async () => (await import("./diff.js")).diffCommand,
  },
  {
    name: "equiv",
    summary:
      "prove equivalence: run legacy and migrated sides of each experiment and compare their outputs within tolerance",
    load: async () => (await import("./equiv.js")).equivCommand,
  },
  {
    name: "verify",
    summary:
      "check that every import in scope resolves (TypeScript, Python) and run verify.commands; exit 1 on any failure; finishes the review of a run applied with conflict markers",
    load: async () => (await import("./verify.js")).verifyCommand,
  },
];
