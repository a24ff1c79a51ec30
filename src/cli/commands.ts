import type { Command } from "commander";

/**
 * A CLI command: registers itself on the program; its action throws GraftError for non-zero exits.
 * Convention for "checked and found differences" (diff, equiv): print the full report first, then throw
 * CheckFailedError with a one-line verdict, which the edge prints to stderr and turns into exit 1.
 */
export interface CliCommand {
  name: string;
  register(program: Command): void;
}
