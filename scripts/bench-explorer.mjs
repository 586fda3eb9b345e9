// `node scripts/bench-explorer.mjs` (after `pnpm build`): the explorer's speed targets (issue 12
// item 5), on the 33 × 33 matrix of packages/tui/test/e2e/fixtures/review.json, measured in CPU time
// of this process (process.cpuUsage) after a warm-up of at least a second, through the real App
// (React + Ink, in ink-testing-library's terminal): a key press is written to stdin and timed until
// the app has drawn everything it causes. The first frame is timed from `render` (in process) and
// from the start of a `kmsim FILE` process on a pseudo-terminal (`script`; wall time, so a busy
// machine counts against it: reported with the load average; one process at a time, after an
// uncounted run). A target not met prints MISS.
// `--skip-process` leaves out the process start, `--only-process` measures only that.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cpuMs, WARMUP_MS } from './bench/measure.mjs';

// As `kmsim` runs it (commands/explore.ts): React's production build.
process.env.NODE_ENV ??= 'production';
const tui = new URL('../packages/tui/', import.meta.url);
const require = createRequire(new URL('package.json', tui));
const { render } = await import(require.resolve('ink-testing-library'));
const { createElement } = await import(require.resolve('react'));
const { App, fileLoader } = await import(new URL('dist/ui/index.js', tui).href);
const { createExplorerModel } = await import(new URL('dist/ui/model/explorer.js', tui).href);
const { initialState, reduceKey } = await import(new URL('dist/ui/model/state.js', tui).href);

const FIXTURE = fileURLToPath(new URL('test/e2e/fixtures/review.json', tui));
const BIN = fileURLToPath(new URL('dist/kmsim.cjs', tui));
const data = await fileLoader([FIXTURE])(() => {});
const KEYS = { up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', enter: '\r', escape: '\u001B' };

const results = [];
function report(name, ms, target, note = '') {
  const met = ms <= target;
  results.push(met);
  console.log(`${met ? 'PASS' : 'MISS'}  ${name}: ${ms.toFixed(1)} ms (target ≤ ${target} ms)${note ? ` — ${note}` : ''}`);
}

const turn = () => new Promise((r) => setImmediate(r));

/** The app in a terminal of the given size, settled on the matrix. */
async function app(columns, rows) {
  const r = render(createElement(App, { load: async () => data, color: true }));
  Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
  r.stdout.emit('resize');
  while (!(r.lastFrame() ?? '').includes('allow')) await turn();
  await settle(r);
  return r;
}

/** Until no frame is drawn over three event-loop turns (ink-testing-library draws every commit). */
async function settle(r) {
  let drawn = r.frames.length;
  for (let quiet = 0; quiet < 3; ) {
    await turn();
    if (r.frames.length === drawn) quiet++;
    else [drawn, quiet] = [r.frames.length, 0];
  }
}

/** CPU ms per press of the keys `next()` gives (median after a warm-up); `before()` runs untimed. */
async function perPress(r, next, { before = async () => {}, measureMs = 1500 } = {}) {
  const warm = cpuMs();
  while (cpuMs() - warm < WARMUP_MS) {
    await before();
    r.stdin.write(next());
    await settle(r);
  }
  const times = [];
  const start = cpuMs();
  while (times.length < 10 || cpuMs() - start < measureMs) {
    await before();
    const t = cpuMs();
    r.stdin.write(next());
    await settle(r);
    times.push(cpuMs() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p90: times[Math.floor(times.length * 0.9)], runs: times.length };
}

const onlyProcess = process.argv.includes('--only-process');
const walk = [KEYS.right, KEYS.down, KEYS.right, KEYS.down, KEYS.left, KEYS.up, KEYS.left, KEYS.up];
for (const [columns, rows] of onlyProcess
  ? []
  : [
      [200, 50],
      [80, 24],
    ]) {
  const r = await app(columns, rows);
  let i = 0;
  const move = await perPress(r, () => walk[i++ % walk.length]);
  report(`move, 33×33 matrix at ${columns}×${rows}`, move.median, 30, `median of ${move.runs}, p90 ${move.p90.toFixed(1)} ms`);
  const regroup = await perPress(r, () => 'g');
  report(`regroup (g) at ${columns}×${rows}`, regroup.median, 100, `median of ${regroup.runs}, p90 ${regroup.p90.toFixed(1)} ms`);
  const escExplain = await perPress(r, () => KEYS.escape, {
    before: async () => {
      r.stdin.write(KEYS.enter);
      await settle(r);
    },
  });
  report(`Esc from an explanation to the matrix at ${columns}×${rows}`, escExplain.median, 100, `median of ${escExplain.runs}`);
  const escFilter = await perPress(r, () => KEYS.escape, {
    before: async () => {
      r.stdin.write('/role/App :allow\r');
      await settle(r);
    },
  });
  report(`Esc clearing a search at ${columns}×${rows}`, escFilter.median, 100, `median of ${escFilter.runs}`);
  r.unmount();
}

// The model alone (no React, no Ink): a frame after a move.
if (!onlyProcess) {
  const model = createExplorerModel(data);
  const size = { columns: 200, rows: 50 };
  let s = initialState;
  model.frame(s, size);
  const flags = [{ rightArrow: true }, { downArrow: true }, { leftArrow: true }, { upArrow: true }];
  let i = 0;
  const step = () => {
    s = reduceKey(s, '', flags[i++ % flags.length], model.frame(s, size).env);
    model.frame(s, size);
  };
  const warm = cpuMs();
  while (cpuMs() - warm < WARMUP_MS) step();
  let n = 0;
  const start = cpuMs();
  while (cpuMs() - start < 1000) {
    step();
    n++;
  }
  const per = (cpuMs() - start) / n;
  console.log(`info  model frame after a move (no rendering), 200×50: ${per.toFixed(2)} ms`);
}

// First frame, in process: from render to the title and spinner on screen.
if (!onlyProcess) {
  const times = [];
  const warm = cpuMs();
  while (cpuMs() - warm < WARMUP_MS || times.length < 10) {
    const t = cpuMs();
    const r = render(createElement(App, { load: () => new Promise(() => {}), title: 'review.json', color: true }));
    while (!/kmsim[\s\S]*⠋/.test(r.lastFrame() ?? '')) await turn();
    times.push(cpuMs() - t);
    r.unmount();
  }
  times.sort((a, b) => a - b);
  report('first frame (title and spinner) from render, in process', times[Math.floor(times.length / 2)], 150, `median CPU of ${times.length}`);
}

if (process.argv.includes('--skip-process')) process.exit(0);

// First frame of a `kmsim FILE` process on a pseudo-terminal: wall time from spawn (module loading included).
// Runs one at a time: each waits for the previous process to exit (it goes on loading Ink after its
// first frame), and a first, uncounted run warms the file cache.
{
  /** Wall ms from spawn to the first frame; resolves once the process has exited. */
  const firstFrame = () =>
    new Promise((resolve, reject) => {
      const t = performance.now();
      // `script` gives the process a terminal; stty gives that terminal a size (else Ink lays out 0 columns).
      const child = spawn('script', ['-qfc', `stty cols 120 rows 40; ${process.execPath} ${BIN} ${FIXTURE}`, '/dev/null'], {
        stdio: ['pipe', 'pipe', 'ignore'],
        env: { ...process.env, TERM: 'xterm-256color' },
      });
      let wall;
      let quit = false;
      let out = '';
      // Waiting for the exit must not hang the bench when the matrix never comes.
      const stuck = setTimeout(() => child.kill(), 60_000);
      child.stdin.on('error', () => {});
      child.stdout.on('data', (d) => {
        out += d.toString();
        if (wall === undefined && /kmsim/.test(out) && /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/.test(out)) wall = performance.now() - t;
        if (wall !== undefined && !quit && out.includes('allow')) {
          quit = true;
          child.stdin.write('q');
        }
        if (wall !== undefined && out.length > 1_000_000) child.kill();
      });
      child.on('error', reject);
      child.on('close', () => {
        clearTimeout(stuck);
        if (wall === undefined) reject(new Error(`no first frame; output:\n${out}`));
        else if (!quit) reject(new Error(`no matrix after the first frame; output:\n${out}`));
        else resolve(wall);
      });
    });
  /** Wall ms from spawn to Node itself printing one character the same way (no kmsim at all): the floor. */
  const floor = () =>
    new Promise((resolve, reject) => {
      const t = performance.now();
      const child = spawn('script', ['-qfc', `stty cols 120 rows 40; ${process.execPath} -e "process.stdout.write('x')"`, '/dev/null'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let wall;
      child.stdout.on('data', () => {
        wall ??= performance.now() - t;
      });
      child.on('error', reject);
      child.on('close', () => resolve(wall ?? Number.NaN));
    });
  await firstFrame();
  // Alternating with the floor, so that both see the same load.
  const walls = [];
  const floors = [];
  for (let k = 0; k < 9; k++) {
    walls.push(await firstFrame());
    floors.push(await floor());
  }
  walls.sort((a, b) => a - b);
  floors.sort((a, b) => a - b);
  console.log(`info  Node alone printing a character the same way: ${floors[4].toFixed(1)} ms (median of ${floors.length})`);
  const [one, five] = loadavg();
  report(
    'first frame of `kmsim FILE` from process start (wall time)',
    walls[Math.floor(walls.length / 2)],
    150,
    `median of ${walls.length}, fastest ${walls[0].toFixed(0)} ms; load average ${one.toFixed(1)} / ${five.toFixed(1)} on ${availableParallelism()} cores`,
  );
}

console.log(results.every(Boolean) ? 'all explorer targets met' : 'some explorer targets missed (MISS above)');
process.exit(0);
