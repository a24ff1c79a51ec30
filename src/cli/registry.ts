import { applyCommand } from "./apply.js";
import { backupCommand } from "./backup.js";
import { classifyCommand } from "./classify.js";
import type { CliCommand } from "./commands.js";
import { demoCommand } from "./demo.js";
import { diffCommand } from "./diff.js";
import { equivCommand } from "./equiv.js";
import { historyCommand } from "./history.js";
import { initCommand } from "./init.js";
import { mvCommand } from "./mv.js";
import { planCommand } from "./plan.js";
import { rollbackCommand } from "./rollback.js";
import { schemaCommand } from "./schema.js";
import { showCommand } from "./show.js";
import { validateCommand } from "./validate.js";
import { verifyCommand } from "./verify.js";

/** Every command of the CLI, in help order. Add a command by importing it here. */
export const allCommands: CliCommand[] = [
  demoCommand,
  initCommand,
  mvCommand,
  validateCommand,
  classifyCommand,
  planCommand,
  applyCommand,
  rollbackCommand,
  historyCommand,
  showCommand,
  backupCommand,
  schemaCommand,
  diffCommand,
  equivCommand,
  verifyCommand,
];
