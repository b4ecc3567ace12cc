/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight, for per-object reads (one REST GET per
 * tag, library or item) that would otherwise fire thousands of requests at vCenter at once. Order is kept.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
  limit = 8,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
