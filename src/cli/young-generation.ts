import v8 from "node:v8";

/**
 * Keeps V8's young generation at its initial size for the CLI process (imported first by main.ts, so it runs
 * before the rest of the CLI loads; the library leaves the host's heap alone).
 *
 * Why: V8 doubles the young generation whenever it fills, up to two 16 MB semi-spaces, sized for programs that
 * allocate fast for a long time. graft's commands hold a small working set and end in a second or two, and the
 * 32 MB of new space that a move grew into was about a fifth of its peak RSS. Measured in alternating runs (2 vCPUs;
 * docs/PERFORMANCE.md): the date-fns move's apply 151 → 136 MB, networkx's 111 → 96 MB, a 20k-file monorepo's plan
 * 174 → 141 MB, with the same CPU time (scavenges of a 1 MB space are cheap and touch warm memory); `graft diff` on
 * 1M rows kept its time and its 72 MB.
 *
 * How: only the growth factor can change once V8 runs (it is read at each growth; the maximum size is fixed when the
 * heap is set up), so a factor of 1 stops the growth. `GRAFT_YOUNG_GENERATION=grow` keeps V8's default.
 */
if (process.env.GRAFT_YOUNG_GENERATION !== "grow") v8.setFlagsFromString("--semi-space-growth-factor=1");
