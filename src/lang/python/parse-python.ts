import { createRequire } from "node:module";
import type Parser from "tree-sitter";

// Native modules are loaded on first use: every command would otherwise pay for them at start-up.
const require = createRequire(import.meta.url);
let loaded: { Parser: typeof Parser; Python: Parser.Language } | undefined;
function loadTreeSitter(): { Parser: typeof Parser; Python: Parser.Language } {
  return (loaded ??= {
    Parser: require("tree-sitter") as typeof Parser,
    Python: require("tree-sitter-python") as Parser.Language,
  });
}

/** A tree-sitter syntax node of Python source. */
export type PythonNode = Parser.SyntaxNode;

/** Returns a function that hands out one shared tree-sitter parser, created on first use. */
function createParserSource(): () => Parser {
  let parser: Parser | undefined;
  return () => {
    if (!parser) {
      const { Parser: ParserClass, Python } = loadTreeSitter();
      parser = new ParserClass();
      parser.setLanguage(Python);
    }
    return parser;
  };
}

const getParser = createParserSource();

/** Returns a function that compiles a tree-sitter query once, on first use. */
function createQuerySource(source: string): () => Parser.Query {
  let query: Parser.Query | undefined;
  return () => {
    if (query) return query;
    const { Parser: ParserClass, Python } = loadTreeSitter();
    return (query = new ParserClass.Query(Python, source));
  };
}

/** Matches string literals that are a whole expression statement (docstrings and other bare strings). */
export const getDocstringQuery = createQuerySource("(expression_statement . (string) @doc .)");

/** Parses Python source text; node indices are UTF-16 indices into `text` (see `createByteOffsetMap`). */
export function parsePython(text: string): Parser.Tree {
  return getParser().parse(text);
}

/** Converts 0-based tree-sitter points into 1-based line and column numbers. */
export function toLineColumn(point: Parser.Point): { line: number; column: number } {
  return { line: point.row + 1, column: point.column + 1 };
}
