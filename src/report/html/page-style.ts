/** The report page's style sheet: readable on screen and on paper, no external fonts or images. */
export const pageStyle = `
:root { --ok: #116329; --ok-bg: #e6f4ea; --bad: #b42318; --bad-bg: #fdecea; --warn: #8a5300; --ink: #1d2330; --muted: #57606a; --line: #d8dde6; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 76rem; padding: 1.5rem 1rem 3rem; color: var(--ink); background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; } h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.6rem 0 .4rem; } .subtitle { color: var(--muted); margin: 0 0 1rem; }
a { color: #0b57d0; }
.verdict { border: 2px solid; border-radius: 8px; padding: .9rem 1.1rem; margin: 1rem 0 1.4rem; }
.verdict.pass { border-color: var(--ok); background: var(--ok-bg); } .verdict.fail { border-color: var(--bad); background: var(--bad-bg); }
.verdict .headline { font-size: 1.3rem; font-weight: 700; margin: 0; }
.verdict.pass .headline { color: var(--ok); } .verdict.fail .headline { color: var(--bad); }
.verdict ul { margin: .5rem 0 0; padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f1f3f6; } tbody th { font-weight: 600; background: #fafbfc; }
td.status { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td code, li code { overflow-wrap: anywhere; }
.ok { color: var(--ok); font-weight: 600; } .bad { color: var(--bad); font-weight: 600; } .warn { color: var(--warn); font-weight: 600; }
tr.bad-row td, tr.bad-row th { background: var(--bad-bg); }
ul.checks { list-style: none; margin: 0; padding: 0; } ul.checks li { margin: 0 0 .15rem; }
.notes li.error { color: var(--bad); } .notes li.warning { color: var(--warn); }
figure { margin: .6rem 0 1.2rem; } figure svg { width: 100%; height: auto; display: block; } figcaption { color: var(--muted); font-size: .88rem; }
svg text { font: 12px system-ui, sans-serif; fill: #1d2330; } svg .chart-title { font-size: 15px; font-weight: 700; }
svg .axis-label { font-size: 13px; font-weight: 600; } svg .note { fill: #57606a; } svg .legend-title { font-weight: 700; }
details { border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0; }
details > summary { cursor: pointer; padding: .35rem .6rem; background: #f6f8fa; font-weight: 600; overflow-wrap: anywhere; }
details > p { margin: .4rem .6rem; } details > table.columns { margin: 0; }
table.steps small { font-weight: 400; color: var(--muted); } table.steps ul.checks { min-width: 16rem; }
.file-list { columns: 2; font-size: .9rem; } .file-list li { overflow-wrap: anywhere; }
table.hunk { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; margin: 0; border: 0; }
table.hunk td { border: 0; padding: 0 .5rem; }
table.hunk td.ln { width: 3.5rem; color: var(--muted); text-align: right; user-select: none; border-right: 1px solid var(--line); }
table.hunk td.code { white-space: pre-wrap; overflow-wrap: anywhere; width: 100%; }
table.hunk tr.add td.code { background: #e6ffec; } table.hunk tr.del td.code { background: #ffebe9; }
table.hunk tr.hunk-head td { background: #eef1ff; color: #4b3aa8; padding: .15rem .5rem; }
pre.log { background: #f6f8fa; padding: .8rem; font: 12.5px/1.4 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }
@media print {
  body { max-width: none; font-size: 11pt; padding: 0; }
  details::details-content { content-visibility: visible; display: contents; }
  details > summary { background: none; }
  h2, h3 { break-after: avoid; } tr, figure, .verdict { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
