import { Command } from "commander";
import { graftVersion } from "../internal.js";
import { escapeTerminalText } from "./output.js";
import { allCommands } from "./registry.js";

/** Builds the `graft` program with every registered command. */
export function buildProgram(): Command {
  const program = new Command("graft")
    .description("Code migrations you can trust: plan, back up, rewrite imports, verify, prove equivalence, roll back.")
    .version(graftVersion)
    .showHelpAfterError(false)
    .exitOverride()
    // Commander echoes unknown options and arguments as given: they are escaped like every other message.
    .configureOutput({ outputError: (text, write) => write(escapeTerminalText(text, { keepNewlines: true })) });
  for (const command of allCommands) command.register(program);
  return program;
}
