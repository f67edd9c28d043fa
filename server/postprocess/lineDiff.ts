/** A run of lines that differ: `a[aStart, aEnd)` becomes `b[bStart, bEnd)`. */
export interface Hunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * The hunks that turn lines `a` into lines `b`, from a shortest edit script (Myers'
 * O((N+M)·D) algorithm): fast when the two mostly agree, as a fixed file and its original
 * do. Undefined when they differ in more than `maxEdits` lines.
 */
export function diffLines(a: readonly string[], b: readonly string[], maxEdits = 2000): Hunk[] | undefined {
  // Common ends first: the search then only covers the part that changed.
  let head = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: past one array's end its element is undefined and no line equals it, so each bound alone is redundant
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const A = a.slice(head, a.length - tail);
  const B = b.slice(head, b.length - tail);
  const script = shortestEditScript(A, B, maxEdits);
  if (!script) return undefined;
  return script.map((h) => ({ aStart: h.aStart + head, aEnd: h.aEnd + head, bStart: h.bStart + head, bEnd: h.bEnd + head }));
}

function shortestEditScript(a: readonly string[], b: readonly string[], maxEdits: number): Hunk[] | undefined {
  const n = a.length;
  const m = b.length;
  // Stryker disable next-line ConditionalExpression: a shortcut; the search returns [] at d = 0 for two empty arrays
  if (n === 0 && m === 0) return [];
  const max = Math.min(n + m, maxEdits);
  // Stryker disable next-line ArithmeticOperator: the offset only shifts indices; max - 1 loses only the k = -max write, which nothing reads
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      // Stryker disable next-line ConditionalExpression: at k = d, v[offset + d + 1] is still 0, so the comparison is false anyway
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: past an array's end its element is undefined and no line equals it
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, n, m, d);
    }
  }
  return undefined;
}

/** Walks the trace back into hunks of consecutive deletions and insertions. */
function backtrack(trace: Int32Array[], offset: number, n: number, m: number, dEnd: number): Hunk[] {
  const hunks: Hunk[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d];
    const k = x - y;
    // Stryker disable next-line ConditionalExpression: at k = d, v[offset + d + 1] is still 0, so the comparison is false anyway
    const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
    }
    // One edit: a deletion (x moves) or an insertion (y moves).
    const hunk = x > prevX ? { aStart: prevX, aEnd: x, bStart: y, bEnd: y } : { aStart: x, aEnd: x, bStart: prevY, bEnd: y };
    const last = hunks[hunks.length - 1];
    // Stryker disable next-line ConditionalExpression: two edits touch in a exactly when they touch in b (a matched line moves both), so either test decides
    if (last && last.aStart === hunk.aEnd && last.bStart === hunk.bEnd) {
      last.aStart = hunk.aStart;
      last.bStart = hunk.bStart;
    } else hunks.push(hunk);
    x = prevX;
    y = prevY;
  }
  return hunks.reverse();
}
