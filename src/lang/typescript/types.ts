/** Syntactic form a module specifier appears in. */
export type SpecifierKind =
  | "import"
  | "export"
  | "import-type"
  | "dynamic-import"
  | "require"
  | "require-resolve"
  | "import-equals"
  | "mock"
  | "reference-path"
  | "module-augmentation";

/** One module specifier found in a file: its text and where the text (inside the quotes) lies. */
export interface FoundSpecifier {
  text: string;
  kind: SpecifierKind;
  /** UTF-8 byte offset of the first character inside the quotes. */
  start: number;
  /** UTF-8 byte offset just past the last character inside the quotes. */
  end: number;
  /** 1-based line of the specifier text. */
  line: number;
  /** 1-based column (UTF-16 units, as editors show) of the specifier text. */
  column: number;
  /** Present when the literal contains escapes, so its source bytes differ from `text` and must not be rewritten blindly. */
  hasEscapes?: boolean;
}
