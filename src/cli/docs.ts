/**
 * Documents generated from the registry — docs/TOOLS.md, the README tool table and the tools/list schema
 * snapshot — so that they cannot drift from the code (tests compare; `make docs` / `make snapshots`
 * rewrite them).
 */
import { createTranslator, type MessageKey, type Translate } from "../i18n/mod.ts";
import type { Tool } from "../mcp_sdk.ts";
import type { AnyTool, ToolsetDefinition } from "../registry/define.ts";
import { describeTool } from "../server/mcp.ts";

export const README_START = "<!-- tools:start -->";
export const README_END = "<!-- tools:end -->";

const t: Translate = createTranslator("en");
const yesNo = (b: boolean) => (b ? "yes" : "no");

/** Every tool exactly as tools/list emits it (English), keyed by name: the committed snapshot. */
export function toolsSnapshot(toolsets: readonly ToolsetDefinition[]): string {
  const tools: Record<string, Tool> = {};
  for (const tool of toolsets.flatMap((ts) => ts.tools)) tools[tool.name] = describeTool(tool, t);
  return JSON.stringify(tools, null, 2) + "\n";
}

/** The README table between the markers, aligned the way `deno fmt` aligns it. */
export function readmeTable(toolsets: readonly ToolsetDefinition[]): string {
  const header = ["Tool", "Toolset", "Read-only", "Tier", "What it does"];
  const rows = toolsets.flatMap((ts) => ts.tools).map((tool) => [
    `\`${tool.name}\``,
    tool.toolset,
    yesNo(tool.annotations.readOnlyHint),
    tool.tier,
    cell(t(`tools.${tool.name}.title` as MessageKey)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** README text with the generated table put between the markers. */
export function withReadmeTable(readme: string, toolsets: readonly ToolsetDefinition[]): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) {
    throw new TypeError(`README.md lacks the ${README_START} / ${README_END} markers`);
  }
  return `${readme.slice(0, start + README_START.length)}\n\n${readmeTable(toolsets)}\n\n${
    readme.slice(end)
  }`;
}

export function toolsMarkdown(toolsets: readonly ToolsetDefinition[]): string {
  const out = [
    "# vsphere-mcp tools",
    "",
    "<!-- Generated from the registry by `make docs` (deno task docs). Do not edit by hand. -->",
    "",
    "Tools that are not read-only answer their first call with a preview and a confirmation handle; see the",
    "README. Critical-tier tools are exposed only with `--allow-critical` (or when the policy grants them).",
    "",
  ];
  for (const ts of toolsets) {
    out.push(`## Toolset \`${ts.id}\`${ts.default ? " (default)" : ""}`, "");
    for (const tool of ts.tools) out.push(...toolSection(tool), "");
  }
  return out.join("\n").replace(/\n+$/, "\n");
}

function toolSection(tool: AnyTool): string[] {
  const listed = describeTool(tool, t);
  const a = tool.annotations;
  const lines = [
    `### \`${tool.name}\` — ${t(`tools.${tool.name}.title` as MessageKey)}`,
    "",
    t(`tools.${tool.name}.description` as MessageKey),
    "",
    `- Read-only: ${yesNo(a.readOnlyHint)} · destructive: ${yesNo(a.destructiveHint)} · idempotent: ${
      yesNo(a.idempotentHint)
    } · open world: ${yesNo(a.openWorldHint)} · tier: ${tool.tier}`,
    `- vSphere privileges: ${
      tool.privileges.length ? tool.privileges.map((p) => `\`${p}\``).join(", ") : "none"
    }`,
  ];
  if (tool.aliases?.length) {
    lines.push(`- Also answers to: ${tool.aliases.map((n) => `\`${n}\``).join(", ")}`);
  }
  const properties = (listed.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set(listed.inputSchema.required ?? []);
  if (Object.keys(properties).length) {
    lines.push("", "| Parameter | Type | Required | Description |", "| --- | --- | --- | --- |");
    for (const [name, schema] of Object.entries(properties)) {
      lines.push(
        `| \`${name}\` | ${cell(typeOf(schema))} | ${yesNo(required.has(name))} | ${
          cell(String(schema.description ?? ""))
        } |`,
      );
    }
  }
  return lines;
}

function typeOf(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `\`${String(v)}\``).join(" | ");
  if (schema.type === "array") {
    const items = schema.items as Record<string, unknown> | undefined;
    return `${items ? typeOf(items) : "any"}[]`;
  }
  if (Array.isArray(schema.anyOf)) {
    return (schema.anyOf as Record<string, unknown>[]).map(typeOf).join(" or ");
  }
  return String(schema.type ?? "any") +
    (schema.default !== undefined ? ` (default ${JSON.stringify(schema.default)})` : "");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
