/**
 * The unbiased estimator of pass@k (Chen et al., 2021): the chance that at least one of k
 * samples drawn without replacement from n, of which c passed, passes:
 * 1 - C(n-c, k) / C(n, k), computed as a product so that large n does not overflow.
 * Undefined when k > n (k samples cannot be drawn from n).
 */
export function passAtK(n: number, c: number, k: number): number | undefined {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 0 || c < 0 || c > n || k < 1) {
    throw new RangeError(`pass@k needs whole numbers 0 <= c <= n and k >= 1 (n=${n}, c=${c}, k=${k})`);
  }
  if (k > n) return undefined;
  if (n - c < k) return 1;
  // C(n-c, k) / C(n, k) = prod_{i = n-c+1}^{n} (1 - k / i)
  let fail = 1;
  for (let i = n - c + 1; i <= n; i++) fail *= 1 - k / i;
  return 1 - fail;
}

/** The mean of the values that are defined; undefined when none is. */
export function meanOf(values: ReadonlyArray<number | undefined>): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : undefined;
}
