/** What finishing the review of a run applied with conflict markers did. */
export interface ReviewOutcome {
  runId: string;
  /** 0-based manifest step of a staged run. */
  step?: number;
  /** "applied": markers resolved and checks passed; "needs-review": still waiting; "rolled-back": on request. */
  status: "applied" | "needs-review" | "rolled-back";
  /** Conflict markers still in the run's files. */
  markers: { file: string; line: number; marker: string }[];
  /** Every check run, in order, with its verdict. */
  checks: { name: string; ok: boolean; text: string }[];
  /** One line saying what happened and what to do next. */
  message: string;
}
