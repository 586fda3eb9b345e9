/**
 * Principal labels that fit the label column: shortened in the middle, so the part that tells
 * principals apart (the account's last digits, the end of the name) stays.
 */

/** `text` cut to `width` characters with `…` in the middle; the end keeps the larger share. */
export function cutMiddle(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return chars.slice(0, Math.max(0, width)).join('');
  const head = Math.floor((width - 1) * 0.4);
  const tail = width - 1 - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

const ACCOUNT_FIRST = /^(\d{12}) (.+)$/;

/**
 * `444455556666 role/AnalyticsEtl` in 27 characters → `4444…6666 role/AnalyticsEtl`: an account
 * number keeps its first and last four digits, then the rest is cut in the middle if needed.
 */
export function middleLabel(label: string, width: number): string {
  if ([...label].length <= width) return label;
  const m = ACCOUNT_FIRST.exec(label);
  if (m) {
    const [, account = '', rest = ''] = m;
    const short = `${account.slice(0, 4)}…${account.slice(-4)} `;
    if (short.length + 6 <= width) return short + cutMiddle(rest, width - short.length);
  }
  return cutMiddle(label, width);
}
