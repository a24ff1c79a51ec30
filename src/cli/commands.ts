import type { Command } from "commander";

/**
 * A CLI command: configures the command the program created for it (named and described from the registry) and
 * its action, which throws GraftError for non-zero exits. Convention for "checked and found differences" (diff,
 * equiv): print the full report first, then throw CheckFailedError with a one-line verdict, which the edge prints
 * to stderr and turns into exit 1.
 */
export interface CliCommand {
  name: string;
  /** Example invocations for `--help`, each `graft …` with a comment saying what it does. */
  examples: readonly string[];
  register(command: Command): void;
}
