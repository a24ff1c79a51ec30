import { classifyCommand } from "./classify.js";
import type { CliCommand } from "./commands.js";
import { diffCommand } from "./diff.js";
import { planCommand } from "./plan.js";
import { schemaCommand } from "./schema.js";
import { validateCommand } from "./validate.js";

/** Every command of the CLI, in help order. Add a command by importing it here. */
export const allCommands: CliCommand[] = [validateCommand, classifyCommand, planCommand, schemaCommand, diffCommand];
