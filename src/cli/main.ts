import { Command } from "commander";
import { graftVersion } from "../internal.js";
import { allCommands } from "./registry.js";
import { runCli } from "./run.js";

/** Builds the `graft` program with every registered command. */
export function buildProgram(): Command {
  const program = new Command("graft")
    .description("Code migrations you can trust: plan, back up, rewrite imports, verify, prove equivalence, roll back.")
    .version(graftVersion)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const command of allCommands) command.register(program);
  return program;
}

await runCli(buildProgram(), process.argv);
