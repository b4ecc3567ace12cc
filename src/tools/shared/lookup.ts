/** The errors of a lookup by name or id: nothing found, or a name that matches several objects. */
import { ToolInputError } from "../../registry/errors.ts";

export function notFoundByName(type: string, name: string): never {
  throw new ToolInputError("errors.not_found_by_name", { type, name }, "hints.not_found_by_name");
}

/** `candidates` are what the model can pick from instead (ids, "id (type)", paths). */
export function ambiguousName(type: string, name: string, candidates: readonly string[]): never {
  throw new ToolInputError(
    "errors.ambiguous_name",
    { type, name, candidates: candidates.join(", ") },
    "hints.ambiguous_name",
  );
}

/** The single match; none is a not-found error, several an ambiguous-name error listing `candidate` of each. */
export function onlyMatch<T>(
  matches: readonly T[],
  type: string,
  name: string,
  candidate: (match: T) => string,
): T {
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) notFoundByName(type, name);
  return ambiguousName(type, name, matches.map(candidate));
}
