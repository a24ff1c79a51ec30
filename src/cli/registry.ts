import type { CliCommand } from "./commands.js";

/** Every command of the CLI, in help order. Add a command by importing it here. */
export const allCommands: CliCommand[] = [];
