import type { ProjectLayout } from "./find-project.js";

/** Which languages `graft init` writes sections for. */
export type StarterLanguage = "ts" | "py";

/**
 * A commented starter `graft.yaml` for a project, every section explained where it stands. Languages the project
 * shows (or `--lang` names) get their sections filled in; the rest are left as comments to uncomment.
 */
export function renderStarterManifest(name: string, layout: ProjectLayout, only?: StarterLanguage): string {
  const ts = only ? only === "ts" : layout.tsconfig !== undefined || layout.pythonRoots === undefined;
  const py = only ? only === "py" : layout.pythonRoots !== undefined;
  const firstPackage = layout.pythonPackages[0];
  const example =
    py && firstPackage
      ? { from: `${firstPackage}/old_name`, to: `${firstPackage}/new_name` }
      : { from: "src/old-folder", to: "src/new-folder" };
  const lines = [
    "# graft.yaml: what to migrate, and how to check it. `graft plan` shows every change without writing;",
    "# `graft apply` backs up, writes, checks, and rolls back on failure; `graft rollback` undoes a run.",
    "# Commands in this file (verify.commands, equivalence experiments, codemods) run like a Makefile's:",
    "# only on `graft apply`, `graft verify` and `graft equiv`; `graft plan` and `graft validate` never run them.",
    "# $schema: ./node_modules/graft/manifests/schema.json  # where graft's schema is: editors then complete fields",
    "version: 1",
    `name: ${JSON.stringify(name)}`,
    "root: .                       # the folder every path below is relative to (relative to this file)",
    "",
    "# What moves where. Each `from` (a file or a folder) ends up at `to`; imports follow.",
    "moves: []",
    "#  - from: " + example.from,
    "#    to: " + example.to,
    "",
    "# Or a staged migration: steps run in order, each applied as its own run and gated by experiments.",
    "# steps:",
    "#   - name: first-step",
    `#     move: { from: ${example.from}, to: ${example.to} }`,
    "",
    "# Which files graft scans. .git, node_modules and .graft are always skipped;" +
      (layout.hasGitignore
        ? " so is what .gitignore ignores (gitignore: false scans it too)."
        : " so is what a .gitignore ignores."),
    '# include: ["**/*"]',
    'exclude: ["**/__pycache__/**", "dist/**", "build/**", "coverage/**"]',
    "",
    "# When both trees hold a file: manual (the default: the plan lists it), keep-target, keep-source,",
    "# markers (diff3-style, for review) or merge-exports (for __init__.py and index.ts barrels).",
    "conflicts:",
    "  default: manual",
    "",
  ];
  const tsLines = [
    "# TypeScript/JavaScript: imports are resolved with this tsconfig's compiler options.",
    `typescript: { tsconfig: ${layout.tsconfig ?? "tsconfig.json"} }`,
  ];
  const pyLines = [
    "# Python: where module names start (a src layout starts at src).",
    `python: { roots: ${JSON.stringify(layout.pythonRoots ?? ["."])} }`,
  ];
  lines.push(...(ts ? tsLines : tsLines.map((line) => (line.startsWith("#") ? line : `# ${line}`))), "");
  lines.push(...(py ? pyLines : pyLines.map((line) => (line.startsWith("#") ? line : `# ${line}`))), "");
  lines.push(
    "# Text references to moved paths in configs and docs: rewritten, or only listed in the plan.",
    "# references:",
    '#   rewrite: ["**/*.yaml", "**/*.toml", "**/Dockerfile"]',
    '#   report: ["**/*.md"]',
    "",
    "# The project's own checks, run after the edits; a failure rolls the run back.",
    "verify:",
    `  commands: [${[ts ? '"npx tsc --noEmit"' : "", py ? '"python3 -m compileall -q ."' : ""].filter(Boolean).join(", ")}]`,
    "",
  );
  return lines.join("\n");
}
