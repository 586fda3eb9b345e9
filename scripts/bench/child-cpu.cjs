// Preloaded (`node -r`) into the processes the start-up bench runs: at exit, appends the process's
// CPU time (user + system, from its start, so Node's own start-up counts) to KMSIM_BENCH_CPU_FILE.
const { appendFileSync } = require('node:fs');

// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by scripts/bench/startup.mjs for its own children, never by a build.
const file = process.env.KMSIM_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.cpuUsage();
    appendFileSync(file, `${(u.user + u.system) / 1000}\n`);
  });
}
