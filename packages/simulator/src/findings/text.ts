/** Wording shared by the rules' messages. */

/** `a`, `a and b`, `a, b and c`; long lists keep the first `max` and say how many more. */
export function listText(items: readonly string[], max = 12): string {
  const unique = [...new Set(items)];
  if (unique.length === 0) return '(none)';
  const shown = unique.length > max ? [...unique.slice(0, max), `${unique.length - max} more`] : unique;
  if (shown.length === 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many);
