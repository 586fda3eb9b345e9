// The CPU time of a whole `kmsim` process next to `node -e 0`'s (issue 11: at most 2×). Each command
// runs as a child process with scripts/bench/child-cpu.cjs preloaded, which reports the child's own
// CPU time (user + system) at exit. Runs alternate between the commands, so that a busy machine
// weighs on all of them alike; the first second of runs only warms up (the file cache); then each
// command's median over at least `measureMs` of runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PRELOAD = fileURLToPath(new URL('./child-cpu.cjs', import.meta.url));

/**
 * `commands`: { name: { args, env?, check(stdout, status) → error text or '' } } (`env`: added to the child's). Returns
 * { name: { ms, runs, error } } with the median CPU milliseconds of one process.
 */
export function startupCpu(commands, { warmupMs = 1000, measureMs = 3000, minRuns = 7 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kmsim-bench-'));
  const file = join(dir, 'cpu.txt');
  const once = (args, extra = {}) => {
    writeFileSync(file, '');
    const r = spawnSync(process.execPath, ['-r', PRELOAD, ...args], {
      encoding: 'utf8',
      env: { ...process.env, KMSIM_BENCH_CPU_FILE: file, NO_COLOR: '1', ...extra },
    });
    const ms = Number(readFileSync(file, 'utf8').trim());
    return { ms, stdout: r.stdout, status: r.status };
  };
  const names = Object.keys(commands);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  const errors = Object.fromEntries(names.map((n) => [n, '']));
  try {
    for (const phase of ['warmup', 'measure']) {
      let spent = 0;
      const limit = phase === 'warmup' ? warmupMs : measureMs;
      while (spent < limit || (phase === 'measure' && names.some((n) => times[n].length < minRuns))) {
        for (const n of names) {
          const { ms, stdout, status } = once(commands[n].args, commands[n].env);
          errors[n] ||= commands[n].check(stdout, status);
          spent += ms;
          if (phase === 'measure') times[n].push(ms);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return Object.fromEntries(
    names.map((n) => {
      const t = [...times[n]].sort((a, b) => a - b);
      return [n, { ms: t[Math.floor(t.length / 2)], runs: t.length, error: errors[n] }];
    }),
  );
}
