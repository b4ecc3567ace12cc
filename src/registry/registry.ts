/**
 * Builds the set of tools a server exposes from all toolsets, applying filters in one documented order:
 * excluded tools → read-only mode → policy → toolset/tool selection. `all` and `default` are keywords;
 * unknown names are reported, never ignored silently.
 */
import type { AnyTool, ToolsetDefinition } from "./define.ts";

export interface Selection {
  /** Toolset ids, or the keywords "all" / "default". */
  toolsets: readonly string[];
  /** Individual tools added on top of the toolsets. */
  tools?: readonly string[];
  /** Tools never exposed; wins over everything except nothing. */
  excludeTools?: readonly string[];
  /** Only tools with readOnlyHint: true. Wins over everything. */
  readOnly?: boolean;
  /** Extra predicate (RBAC): a tool it rejects is neither listed nor callable. */
  allow?: (tool: AnyTool) => boolean;
}

export interface Registry {
  /** Every known tool, exposed or not. */
  readonly all: readonly AnyTool[];
  readonly toolsets: readonly ToolsetDefinition[];
  /** Tools this selection exposes, in registry order. */
  readonly exposed: readonly AnyTool[];
  /** Names in the selection that match no toolset or tool. */
  readonly unknown: readonly string[];
  /** Finds an exposed tool by name or old alias. */
  find(name: string): AnyTool | undefined;
  /** A registry exposing only the tools of this one that `keep` accepts: it can narrow, never widen. */
  narrow(keep: (tool: AnyTool) => boolean): Registry;
}

export function buildRegistry(toolsets: readonly ToolsetDefinition[], selection: Selection): Registry {
  const all = toolsets.flatMap((ts) => ts.tools);
  const byName = new Map<string, AnyTool>();
  for (const tool of all) {
    for (const name of [tool.name, ...(tool.aliases ?? [])]) {
      if (byName.has(name)) throw new TypeError(`Duplicate tool name or alias "${name}"`);
      byName.set(name, tool);
    }
  }
  const unknown: string[] = [];
  const selectedSets = new Set<string>();
  for (const id of selection.toolsets) {
    if (id === "all") toolsets.forEach((ts) => selectedSets.add(ts.id));
    else if (id === "default") toolsets.filter((ts) => ts.default).forEach((ts) => selectedSets.add(ts.id));
    else if (toolsets.some((ts) => ts.id === id)) selectedSets.add(id);
    else unknown.push(id);
  }
  const extra = new Set<string>();
  for (const name of selection.tools ?? []) {
    const tool = byName.get(name);
    if (tool) extra.add(tool.name);
    else unknown.push(name);
  }
  const excluded = new Set(selection.excludeTools ?? []);
  for (const name of excluded) if (!byName.has(name)) unknown.push(name);

  const exposed = all.filter((tool) =>
    !excluded.has(tool.name) &&
    (!selection.readOnly || tool.annotations.readOnlyHint) &&
    (selection.allow?.(tool) ?? true) &&
    (selectedSets.has(tool.toolset) || extra.has(tool.name))
  );
  return view(all, toolsets, exposed, unknown, byName);
}

function view(
  all: readonly AnyTool[],
  toolsets: readonly ToolsetDefinition[],
  exposed: readonly AnyTool[],
  unknown: readonly string[],
  byName: ReadonlyMap<string, AnyTool>,
): Registry {
  const exposedNames = new Set(exposed.map((t) => t.name));
  return {
    all,
    toolsets,
    exposed,
    unknown,
    find(name) {
      const tool = byName.get(name);
      return tool && exposedNames.has(tool.name) ? tool : undefined;
    },
    narrow(keep) {
      return view(all, toolsets, exposed.filter(keep), unknown, byName);
    },
  };
}
