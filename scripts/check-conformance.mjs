#!/usr/bin/env node
// Compares the repository's copy of the documented cases (conformance/) with ../shared/conformance,
// the copy every developer and CI run has beside the repository. Exit 0 when they are the same or
// when ../shared/conformance is absent (a plain clone); exit 1, naming each file, when they differ.
// `--update` copies ../shared/conformance over the repository's copy.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const copy = join(root, 'conformance');
const shared = join(root, '..', 'shared', 'conformance');

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

if (!existsSync(shared)) {
  console.log('conformance: ../shared/conformance is not beside the repository; nothing to compare');
  process.exit(0);
}
if (process.argv.includes('--update')) {
  rmSync(copy, { recursive: true, force: true });
  cpSync(shared, copy, { recursive: true });
  console.log(`conformance: copied ${relative(root, shared)} into conformance/`);
  process.exit(0);
}
const ours = new Set(files(copy));
const theirs = new Set(files(shared));
const differences = [];
for (const f of theirs) {
  if (!ours.has(f)) differences.push(`only in ../shared/conformance: ${f}`);
  else if (!readFileSync(join(copy, f)).equals(readFileSync(join(shared, f)))) differences.push(`differs: ${f}`);
}
for (const f of ours) if (!theirs.has(f)) differences.push(`only in conformance/: ${f}`);
if (differences.length > 0) {
  console.error(
    `conformance: the repository's copy differs from ../shared/conformance (run \`node scripts/check-conformance.mjs --update\`, then make every case pass):`,
  );
  for (const d of differences) console.error(`  ${d}`);
  process.exit(1);
}
console.log(`conformance: conformance/ matches ../shared/conformance (${theirs.size} files)`);
