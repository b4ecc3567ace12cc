/** Case-insensitive shell-style glob (`*`, `?`) as a predicate; no pattern matches everything. */
export function globMatcher(pattern: string | undefined): (name: string) => boolean {
  if (!pattern) return () => true;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  const re = new RegExp(`^${source}$`, "i");
  return (name) => re.test(name);
}
