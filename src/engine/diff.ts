// Line diff for canonical requests and strings to sign (a dozen lines): plain LCS. Hand-written: twenty
// lines, where a diff package would bring word and patch machinery this never needs.

export interface DiffLine {
  readonly kind: 'same' | 'expected' | 'received';
  readonly text: string;
}

/** `expected` lines absent from `received` come out as 'expected', the reverse as 'received'. */
export function diffLines(expected: readonly string[], received: readonly string[]): DiffLine[] {
  const n = expected.length;
  const m = received.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => Array.from({ length: m + 1 }, () => 0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = expected[i] === received[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === received[j]) {
      out.push({ kind: 'same', text: expected[i]! });
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ kind: 'expected', text: expected[i++]! });
    } else {
      out.push({ kind: 'received', text: received[j++]! });
    }
  }
  return out;
}
