import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DiffResult } from "../../../src/equivalence/diff/diff-types.js";
import type { EquivReport } from "../../../src/equivalence/experiments/experiment-types.js";
import { quote } from "../../../src/plan/render-patch.js";
import { unquoteGitPath } from "../../../src/plan/unquote-git-path.js";
import { renderDemoHtml } from "../../../src/report/demo-html.js";
import { renderEquivHtml } from "../../../src/report/equiv-html.js";
import { renderErrorChart } from "../../../src/report/html/error-chart.js";
import { parsePatch } from "../../../src/report/html/patch-view.js";
import { renderStatesPlot } from "../../../src/report/html/states-plot.js";
import { niceTicks } from "../../../src/report/html/svg-axes.js";

const patch = Buffer.concat([
  Buffer.from(
    [
      "# graft plan for x: 1 moved",
      'diff --git "a/r\\303\\251gime/a.py" "b/new/r\\303\\251gime/a.py"',
      "similarity index 90%",
      'rename from "r\\303\\251gime/a.py"',
      'rename to "new/r\\303\\251gime/a.py"',
      '--- "a/r\\303\\251gime/a.py"',
      '+++ "b/new/r\\303\\251gime/a.py"',
      "@@ -3,2 +3,3 @@",
      " keep <b>",
      "-old",
      "+new & improved",
      "+caf",
    ].join("\n"),
    "latin1",
  ),
  Buffer.from([0xe9, 0x0a]),
]);

describe("patch view", () => {
  it("decodes git-quoted UTF-8 paths and numbers every hunk line", () => {
    const { preamble, files } = parsePatch(patch);
    expect(preamble).toEqual(["# graft plan for x: 1 moved"]);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      oldPath: "régime/a.py",
      newPath: "new/régime/a.py",
      change: "renamed",
      added: 2,
      removed: 1,
    });
    expect(files[0]!.hunks[0]!.lines.map((l) => [l.kind, l.oldNumber, l.newNumber, l.text])).toEqual([
      ["context", 3, 3, "keep <b>"],
      ["del", 4, null, "old"],
      ["add", null, 4, "new & improved"],
      ["add", null, 5, "caf\\xE9"],
    ]);
  });

  it("unquoteGitPath undoes render-patch's quote for any path", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", minLength: 1 }), (p) => unquoteGitPath(quote(p)) === p));
    expect(unquoteGitPath("plain/path.py")).toBe("plain/path.py");
  });
});

describe("charts", () => {
  it("the states plot has a title, axis labels, ticks and a legend entry per state", () => {
    const svg = renderStatesPlot({
      title: "Close & states",
      source: "s.csv",
      close: [10, 12, 11, 15],
      states: [0, 1, 1, 2],
    });
    expect(svg).toContain('<text class="chart-title" x="');
    expect(svg).toContain(">Close &amp; states</text>");
    expect(svg).toContain(">Close price</text>");
    expect(svg).toContain(">Trading day (data row of the input)</text>");
    expect(svg.match(/>State \d: \d+ days<\/text>/g)).toEqual([
      ">State 0: 1 days</text>",
      ">State 1: 2 days</text>",
      ">State 2: 1 days</text>",
    ]);
    expect(svg.match(/<g class="state state-1"[^>]*>.*?<\/g>/)![0].match(/<rect /g)).toHaveLength(2);
  });

  it("the error chart draws a bar per column with an error, on a log scale against the tolerance", () => {
    const diff = {
      columns: {
        a: { maxRelError: 1e-14, rtol: 1e-10, exact: false, mismatches: 0 },
        b: { maxRelError: 0, rtol: 1e-10, exact: false, mismatches: 0 },
        c: { maxRelError: 1e-3, rtol: 1e-10, exact: false, mismatches: 4 },
      },
    } as unknown as DiffResult;
    const svg = renderErrorChart(diff, "errors", "t")!;
    expect(svg.match(/<g class="bar[^"]*">/g)).toEqual(['<g class="bar">', '<g class="bar beyond">']);
    expect(svg.match(/class="tolerance"/g)).toHaveLength(2);
    expect(svg).toContain(">1e-10</text>");
    expect(svg).toContain("1 other column(s) matched with zero error (no bar)");
    expect(renderErrorChart({ columns: { b: diff.columns.b } } as unknown as DiffResult, "x", "y")).toBeNull();
    expect(niceTicks(0, 999, 8)).toEqual([0, 200, 400, 600, 800]);
  });
});

describe("report pages", () => {
  const report: EquivReport = {
    manifest: "graft.yaml",
    root: "/r",
    shard: null,
    mode: "compare",
    units: [
      {
        experiment: "m",
        kind: "module",
        input: null,
        id: "m",
        status: "different",
        message: "1 of 2 case(s) differ, first: zig",
        legacy: null,
        migrated: null,
        outputs: [],
        cases: {
          total: 2,
          mismatches: [
            {
              index: 0,
              name: "zig",
              differences: [{ path: "$.x", legacy: "1", migrated: "2", reason: "|m - l| = 1" }],
            },
          ],
          tolerance: { rtol: 1e-12, atol: 0, symmetric: false },
          errors: { maxAbsError: 1, maxRelError: 1, maxAbsAt: { path: "case zig: $.x", legacy: 1, migrated: 2 } },
        },
        performance: null,
        jitter: [],
        stderr: {},
        setupError: false,
      },
    ],
    recorded: [],
    equal: false,
  };

  it("the equiv page leads with the verdict, then states each unit's tolerance and worst error", () => {
    const html = renderEquivHtml(report, "2026-12-07T00:00:00Z");
    expect(html).toContain(
      '<p class="headline" id="verdict-headline">✗ FAILED: not equivalent: 1 of 1 unit(s) differ</p>',
    );
    expect(html.indexOf("verdict-headline")).toBeLessThan(html.indexOf("<table"));
    expect(html).toContain('<td>rtol=1e-12 atol=0</td><td class="num">2</td><td class="num">1</td>');
    expect(html).toContain("<code>case zig: $.x</code>");
    expect(html).toContain("Calibration: deterministic: 0 jitter");
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
  });

  it("the demo page escapes text and shows steps with ✓/✗ in words as well as colour", () => {
    const html = renderDemoHtml({
      title: "graft demo <report>",
      failures: [],
      steps: [
        {
          name: "step <1>",
          status: "passed",
          checks: [{ name: "gate a", ok: true, text: "2 unit(s) equal" }],
          durationMs: 1500,
          filesChanged: 3,
        },
        {
          name: "step 2",
          status: "failed",
          checks: [{ name: "gate b", ok: false, text: "x & y" }],
          durationMs: 20,
          filesChanged: null,
        },
      ],
      equivalence: [],
      statesPlots: [],
      patches: [{ name: "p.patch", text: patch }],
      sections: [{ title: "log <1>", body: "line & more" }],
      generatedAt: "2026-12-07T00:00:00Z",
    });
    expect(html).toContain("<title>PASSED: graft demo &lt;report&gt;</title>");
    expect(html).toContain(
      '<th scope="row">step &lt;1&gt;</th><td class="status"><span class="ok">✓ passed</span></td>',
    );
    expect(html).toContain('<span class="bad" aria-label="failed">✗</span> gate b: x &amp; y');
    expect(html).toContain('<td class="num">1.5 s</td><td class="num">3</td>');
    expect(html).toContain("régime/a.py → new/régime/a.py");
    expect(html).toContain('<td class="code">+new &amp; improved</td>');
    expect(html).toContain('<summary>log &lt;1&gt;</summary><pre class="log">line &amp; more</pre>');
  });
});
