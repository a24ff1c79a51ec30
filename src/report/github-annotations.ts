/** One GitHub Actions workflow annotation. */
export interface Annotation {
  level: "error" | "warning" | "notice";
  message: string;
  file?: string;
  line?: number;
  title?: string;
}

/** Renders `::error file=…,line=…,title=…::message` lines, escaped as the workflow command syntax requires. */
export function renderAnnotations(annotations: Annotation[]): string {
  return annotations
    .map((a) => {
      const properties: string[] = [];
      if (a.file !== undefined) properties.push(`file=${escapeProperty(a.file)}`);
      if (a.line !== undefined) properties.push(`line=${a.line}`);
      if (a.title !== undefined) properties.push(`title=${escapeProperty(a.title)}`);
      const head = properties.length > 0 ? `::${a.level} ${properties.join(",")}` : `::${a.level}`;
      return `${head}::${escapeData(a.message)}\n`;
    })
    .join("");
}

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
