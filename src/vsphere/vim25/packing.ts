/**
 * The packing of the generated vim25 tables (shared by tools_dev/gen_vim25.ts and vim_schema.ts):
 * identifiers live once in a space-separated string table; records refer to them by index, each index
 * written self-delimiting: zero or more CONT digits followed by one TERM digit.
 */
export const CONT = "0123456789!#$%&()*+-./:<=>?@[]^_{}~";
export const TERM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** Field flag bits, written as one TERM digit: array (maxOccurs > 1), optional (minOccurs 0). */
export const ARRAY = 1;
export const OPTIONAL = 2;

export function encodeIndex(n: number): string {
  let out = TERM[n % TERM.length]!;
  n = Math.floor(n / TERM.length);
  while (n > 0) {
    n -= 1;
    out = CONT[n % CONT.length]! + out;
    n = Math.floor(n / CONT.length);
  }
  return out;
}

export function decodeIndexes(text: string): number[] {
  const out: number[] = [];
  let high = 0;
  for (const c of text) {
    const term = TERM.indexOf(c);
    if (term < 0) {
      high = high * CONT.length + CONT.indexOf(c) + 1;
      continue;
    }
    out.push(high * TERM.length + term);
    high = 0;
  }
  return out;
}
