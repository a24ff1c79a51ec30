import { appendFile } from "node:fs/promises";

/** True inside a GitHub Actions job, where annotations are printed without being asked for. */
export function isGithubActions(): boolean {
  return process.env.GITHUB_ACTIONS === "true";
}

/** Appends Markdown to the job summary when the job has one (`$GITHUB_STEP_SUMMARY`); does nothing elsewhere. */
export async function appendJobSummary(render: () => string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return; // rendered only for a job that has a summary: on a 100k-column table it takes a second
  const markdown = render();
  await appendFile(file, markdown.endsWith("\n") ? `${markdown}\n` : `${markdown}\n\n`);
}
