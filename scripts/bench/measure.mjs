// CPU-time measurement for `pnpm bench`: every bench warms up for at least a second of CPU time,
// then is timed in CPU time (process.cpuUsage: user + system of this process), never wall time,
// so that other processes on a busy machine do not count against kmsim.

/** CPU milliseconds this process has used. */
export function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export const WARMUP_MS = 1000;

/**
 * Decisions per CPU second. `batch(n, offset)` makes n decisions and returns how many were not
 * the expected one. Warms up for WARMUP_MS of CPU, then measures for `measureMs`.
 */
export function rate(batch, { size = 10_000, measureMs = 2000 } = {}) {
  let wrong = 0;
  let offset = 0;
  const warmStart = cpuMs();
  while (cpuMs() - warmStart < WARMUP_MS) {
    wrong += batch(size, offset);
    offset += size;
  }
  let n = 0;
  const start = cpuMs();
  let elapsed = 0;
  while (elapsed < measureMs) {
    wrong += batch(size, offset);
    offset += size;
    n += size;
    elapsed = cpuMs() - start;
  }
  return { perSecond: n / (elapsed / 1000), wrong };
}

/**
 * CPU milliseconds of one run of `fn` (the median of the timed runs). Warms up by running `fn`
 * until WARMUP_MS of CPU have passed; then times runs for at least `measureMs` (and `minRuns`).
 * A first run longer than `coldLimitMs` is reported as it is (warming up would not change the
 * verdict, and would take as long again). Returns the last result of `fn` for checking.
 */
export function perRun(fn, { measureMs = 1000, minRuns = 3, coldLimitMs = 5000 } = {}) {
  let result;
  const warmStart = cpuMs();
  let first;
  do {
    const t = cpuMs();
    result = fn();
    first ??= cpuMs() - t;
    if (first > coldLimitMs) return { ms: first, runs: 1, cold: true, result };
  } while (cpuMs() - warmStart < WARMUP_MS);
  const times = [];
  const start = cpuMs();
  while (times.length < minRuns || cpuMs() - start < measureMs) {
    const t = cpuMs();
    result = fn();
    times.push(cpuMs() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], runs: times.length, cold: false, result };
}

export const fmtRate = (r) => `${Math.round(r).toLocaleString('en-US')}/s`;
export const fmtMs = (ms) =>
  ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : ms < 10 ? `${ms.toFixed(2)} ms` : ms < 10_000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`;
