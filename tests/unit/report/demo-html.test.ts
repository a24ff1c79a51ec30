import { describe, expect, it } from "vitest";
import { renderDemoHtml } from "../../../src/report/demo-html.js";

describe("renderDemoHtml", () => {
  const html = renderDemoHtml({
    title: "graft demo <report>",
    sections: [{ title: "step 1: a & b", body: "applied\n  ✓ gate x: ok\n  ✗ gate y: 3 <cells> differ" }],
    patches: [
      { name: "step-1.patch", text: "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old <a>\n+new\n context" },
    ],
    svg: {
      caption: "States",
      markup:
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="2"/></svg>',
    },
    generatedAt: "2026-11-25T08:00:00Z",
  });

  it("escapes text and marks verdicts, added and removed lines", () => {
    expect(html).toContain("<title>graft demo &lt;report&gt;</title>");
    expect(html).toContain("<h2>step 1: a &amp; b</h2>");
    expect(html).toContain('<span class="ok">✓</span> gate x: ok');
    expect(html).toContain('<span class="bad">✗</span> gate y: 3 &lt;cells&gt; differ');
    expect(html).toContain('<span class="del">-old &lt;a&gt;</span>');
    expect(html).toContain('<span class="add">+new</span>');
    expect(html).toContain('<span class="hunk">@@ -1 +1 @@</span>');
  });

  it("embeds the picture inline without its prolog or scripts, and loads nothing external", () => {
    expect(html).toContain('<figure><svg xmlns="http://www.w3.org/2000/svg"><circle r="2"/></svg></figure>');
    expect(html).not.toMatch(/<script|<link|src=|<\?xml/);
  });
});
