import type { Command } from "commander";

/** A CLI command: registers itself on the program; its action throws GraftError for non-zero exits. */
export interface CliCommand {
  name: string;
  register(program: Command): void;
}
