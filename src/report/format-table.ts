/** Lays out rows as aligned columns; numeric-looking cells are right-aligned. */
export function formatTable(header: string[], rows: string[][], indent = "  "): string[] {
  // A loop, not Math.max(...cells): spreading a wide table's 100k+ rows overflows the call stack.
  const widths = header.map((title, c) => {
    let width = title.length;
    for (const row of rows) width = Math.max(width, row[c]?.length ?? 0);
    return width;
  });
  const isRight = header.map(
    (_title, c) => rows.length > 0 && rows.every((row) => /^[-+0-9.eE∞]*$|^(inf|nan|—)$/i.test(row[c] ?? "")),
  );
  // Built by concatenation: a wide table's report has a row per column (100k+), and arrays per row cost more.
  const line = (cells: string[]): string => {
    let text = indent;
    for (let c = 0; c < cells.length; c++) {
      if (c > 0) text += "  ";
      text += isRight[c] ? cells[c]!.padStart(widths[c]!) : cells[c]!.padEnd(widths[c]!);
    }
    return text.trimEnd();
  };
  const lines = [line(header)];
  for (const row of rows) lines.push(line(row));
  return lines;
}

/** A number in a short scientific form (3 significant digits), "—" for null. */
export function formatError(value: number | null): string {
  if (value === null) return "—";
  if (value === 0) return "0";
  return value.toExponential(2);
}

/** Truncates a cell value for display. */
export function clipCell(text: string, max = 24): string {
  const oneLine = JSON.stringify(text).slice(1, -1);
  return oneLine.length > max ? oneLine.slice(0, max - 1) + "…" : oneLine;
}
