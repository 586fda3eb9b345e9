/**
 * IP addresses. CIDR blocks are nested or disjoint, so the regions are "inside this block but none
 * of the blocks within it" and "in no block"; each region ends at a block's first or last address
 * or next to one, so those four addresses per block (plus one address per IP version when no block
 * of that version bounds the space) reach every region.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 */
import { cidrContains, parseCidr, type Cidr } from '@kmsim/core';
import type { PolicyValue } from './clauses.js';
import type { Candidate } from './types.js';

interface Block {
  readonly cidr: Cidr;
  readonly text: string;
  readonly order: number;
}

const BITS = { 4: 32, 6: 128 } as const;
/** Documentation addresses (RFC 5737, RFC 3849), used when no block bounds the space. */
const SAMPLE = { 4: '198.51.100.7', 6: '2001:db8::7' } as const;

function format(version: 4 | 6, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  // Compress the longest run of two or more zero groups to `::` (RFC 5952).
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

function blocks(values: readonly PolicyValue[]): Block[] {
  const seen = new Map<string, Block>();
  for (const v of values) {
    const cidr = parseCidr(v.text);
    const k = cidr ? `${cidr.version}/${cidr.network}/${cidr.prefix}` : undefined;
    if (cidr && k && !seen.has(k)) seen.set(k, { cidr, text: v.text.trim(), order: v.order });
  }
  return [...seen.values()];
}

const isHost = (b: Block): boolean => b.cidr.prefix === BITS[b.cidr.version];
const first = (b: Block): string => format(b.cidr.version, b.cidr.network);

function describe(address: string, all: readonly Block[]): { id: string; label: string } {
  const inside = all.filter((b) => cidrContains(b.cidr, address));
  const most = inside.reduce<Block | undefined>((m, b) => (!m || b.cidr.prefix > m.cidr.prefix ? b : m), undefined);
  if (!most) return { id: 'outside', label: 'any other address' };
  const holes = all.filter(
    (b) => !inside.includes(b) && b.cidr.version === most.cidr.version && b.cidr.prefix > most.cidr.prefix && cidrContains(most.cidr, first(b)),
  );
  const id = [`in:${most.text}`, ...holes.map((h) => h.text)].join('!');
  const label = `${isHost(most) ? most.text : `inside ${most.text}`}${holes.length ? ` but not ${holes.map((h) => h.text).join(' or ')}` : ''}`;
  return { id, label };
}

export function ipCandidates(values: readonly PolicyValue[]): Candidate[] {
  const all = blocks(values);
  const make = (address: string, tier: Candidate['tier'], order?: number): Candidate => ({
    value: address,
    tier,
    ...(order === undefined ? {} : { order }),
    ...describe(address, all),
  });
  const near = all.flatMap((b) => {
    const { version, network, prefix } = b.cidr;
    const max = (1n << BigInt(BITS[version])) - 1n;
    const last = network + (1n << BigInt(BITS[version] - prefix)) - 1n;
    return [last, network - 1n, last + 1n].filter((a) => a >= 0n && a <= max).map((a) => format(version, a));
  });
  const versions = all.length ? [...new Set(all.map((b) => b.cidr.version))].sort() : [4 as const];
  return [...all.map((b) => make(first(b), 1, b.order)), ...[...versions.map((v) => SAMPLE[v]), ...near].map((a) => make(a, 2))];
}
