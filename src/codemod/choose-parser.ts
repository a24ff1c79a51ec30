import { codemodParserSchema } from "../model/manifest-schema.js";

/** The parsers jscodeshift knows by name. */
export const parserNames = codemodParserSchema.options;

/** A jscodeshift parser name. */
export type ParserName = (typeof parserNames)[number];

/** A parser object jscodeshift accepts in place of a name: anything with `parse(source)` returning an ESTree/Babel AST. */
export interface ParserObject {
  parse(source: string, options?: unknown): unknown;
}

/** What a transform or a step may ask for: a parser name or a parser object. */
export type ParserSpec = ParserName | ParserObject;

/** True for a jscodeshift parser name. */
export function isParserName(value: unknown): value is ParserName {
  return typeof value === "string" && (parserNames as readonly string[]).includes(value);
}

/** The parser jscodeshift users (and the Next.js codemods) use for a file's extension: ts, tsx, else babel. */
export function parserForExtension(file: string): ParserName {
  if (/\.tsx$/i.test(file)) return "tsx";
  if (/\.[cm]?ts$/i.test(file)) return "ts";
  return "babel";
}

/** The parser a file is parsed with, in jscodeshift's order: the transform's own export, the step's `parser:`, then the file's extension. */
export function chooseParser(
  file: string,
  fromTransform: ParserSpec | undefined,
  fromStep: ParserName | undefined,
): ParserSpec {
  return fromTransform ?? fromStep ?? parserForExtension(file);
}

/** A parser as text for reports: its name, or "custom parser object". */
export function describeParser(parser: ParserSpec | undefined): string {
  if (parser === undefined) return "by extension";
  return typeof parser === "string" ? parser : "custom parser object";
}
