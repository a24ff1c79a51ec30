import { Command } from "commander";
import { ExitCode } from "../shared/errors.js";
import { graftVersion } from "../shared/version.js";
import type { CliCommand } from "./commands.js";
import { configureOutput, escapeTerminalText } from "./output.js";
import { type CommandEntry, commandEntries } from "./registry.js";

const exitCodesHelp = [
  "Exit codes:",
  `  ${ExitCode.ok}    success (nothing to do counts as success)`,
  `  ${ExitCode.failed}    a check found a problem (differences, imports that do not resolve, a failing command)`,
  `  ${ExitCode.invalidInput}    invalid input (manifest, plan, flags, files); nothing was written`,
  `  ${ExitCode.refused}    refused as unsafe (dirty tree, stale plan, no --yes without a terminal); nothing was written`,
  `  ${ExitCode.internal}   a bug in graft (GRAFT_DEBUG=1 shows where)`,
  `  ${ExitCode.interrupted}  interrupted (SIGINT/SIGTERM); the run was rolled back`,
].join("\n");

const programExamples = [
  "graft mv src/utils src/lib/utils     # move a folder, rewrite every import of it",
  "graft init && graft plan             # a starter graft.yaml, then the dry run",
  "graft apply --yes                    # apply graft.yaml (backed up, verified, rolled back on failure)",
  "graft rollback                       # undo the newest run, byte for byte",
  "graft diff legacy.csv migrated.csv --rtol 1e-9",
  "graft <command> --help               # a command's options, examples and exit codes",
];

/**
 * Builds the `graft` program. Only the command named in `argv` is loaded (with the library it needs); the
 * others are listed by name and summary, so `--version` and `--help` stay as fast as Node's start-up.
 */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command("graft")
    .description("Code migrations you can trust: plan, back up, rewrite imports, verify, prove equivalence, roll back.")
    .version(graftVersion)
    .option("-q, --quiet", "print only results and errors (no progress, no notes)")
    .option("-v, --verbose", "print progress even without a terminal, and where an internal error happened")
    .option("--no-color", "no colours (also NO_COLOR=1)")
    .showHelpAfterError(false)
    .exitOverride()
    // Commander echoes unknown options and arguments as given: they are escaped like every other message.
    .configureOutput({ outputError: (text, write) => write(escapeTerminalText(text, { keepNewlines: true })) })
    .addHelpText("after", `\nExamples:\n${indent(programExamples)}\n\n${exitCodesHelp}`)
    .hook("preAction", (root) => configureOutput(root.opts()));
  const wanted = findCommandName(argv.slice(2));
  for (const entry of commandEntries) {
    const command = program.command(entry.name).description(entry.summary);
    if (entry.name === wanted) addCommand(command, await entry.load());
  }
  return program;
}

function addCommand(command: Command, cli: CliCommand): void {
  cli.register(command);
  const examples = cli.examples.length ? `\nExamples:\n${indent(cli.examples)}\n` : "";
  command.addHelpText("after", `${examples}\n${exitCodesHelp}`);
}

function indent(lines: readonly string[]): string {
  return lines.map((line) => `  ${line}`).join("\n");
}

/** The command `args` run (`graft plan …`, `graft help plan`), skipping the program's own options. */
function findCommandName(args: readonly string[]): string | undefined {
  const known = new Set(commandEntries.map((entry: CommandEntry) => entry.name));
  for (const [i, arg] of args.entries()) {
    if (arg.startsWith("-")) continue;
    if (arg === "help") return args.slice(i + 1).find((next) => known.has(next));
    return known.has(arg) ? arg : undefined;
  }
  return undefined;
}
