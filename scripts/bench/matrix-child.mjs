// Runs one matrix bench in a process of its own, so that its peak memory is its own:
// `node scripts/bench/matrix-child.mjs ownkey150` prints one JSON line with the CPU time of one
// `simulate` (warmed up as measure.mjs says), the outsider's kms:Decrypt outcome, and peak memory.
import { simulate } from '@kmsim/simulator';
import { perRun } from './measure.mjs';
import { KEY, ownKeyPolicy } from './workloads.mjs';

const WORKLOADS = {
  ownkey150: () => ({ keyPolicy: ownKeyPolicy(150), key: KEY }),
};

const name = process.argv[2];
const make = WORKLOADS[name];
if (!make) {
  console.error(`matrix-child: unknown workload "${name}" (known: ${Object.keys(WORKLOADS).join(', ')})`);
  process.exit(2);
}
const input = make();
let heapPeak = 0;
const { ms, runs, cold, result } = perRun(() => {
  const m = simulate(input);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  return m;
});
const outsider = result.principals.find((r) => r.origin === 'outsider');
const cell = outsider ? result.cell(outsider.id, 'kms:Decrypt') : undefined;
console.log(
  JSON.stringify({
    ms,
    runs,
    cold,
    outcome: cell?.outcome ?? null,
    complete: cell?.complete ?? null,
    incompleteCells: result.stats.incompleteCells,
    // maxRSS is in kilobytes: https://nodejs.org/api/process.html#processresourceusage
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    heapMB: heapPeak / 1e6,
  }),
);
