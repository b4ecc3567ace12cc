/**
 * The CLI's one-shot commands: `tools list|describe|call` and `check`. They use the same app, registry
 * and middleware chain as the server (a call goes through an in-process MCP client, confirmation
 * included), print to stdout, and return the process exit code.
 */
import type { App } from "../app.ts";
import { Client, InMemoryTransport } from "../mcp_sdk.ts";
import type { CallToolResult, Tool } from "../mcp_sdk.ts";
import type { MessageKey } from "../i18n/mod.ts";
import type { AnyTool } from "../registry/define.ts";
import { describeTool } from "../server/mcp.ts";
import { sanitizeText } from "../server/sanitize.ts";
import { describeVSphereError } from "../server/errors.ts";
import { retrieveOne } from "../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../vsphere/soap/types.ts";
import { VSphereError } from "../vsphere/errors.ts";
import { PRODUCT, VERSION } from "../version.ts";

export const EXIT = { ok: 0, toolError: 1, usage: 2, needsConfirmation: 3 } as const;

type Out = (line: string) => void;

/** tools/list JSON size as the exposure budget counts it: characters / 4. */
export function listTokens(tools: readonly Tool[]): number {
  return Math.ceil(JSON.stringify({ tools }).length / 4);
}

export function toolsList(app: App, format: "text" | "json" | "markdown", out: Out = console.log): number {
  const registry = app.registryFor(app.localPrincipal);
  const tools = registry.exposed.map((tool) => describeTool(tool, app.t));
  if (format === "json") {
    out(JSON.stringify(tools, null, 2));
    return EXIT.ok;
  }
  if (format === "markdown") {
    out(markdownTable(registry.exposed, app));
    return EXIT.ok;
  }
  const rows = registry.exposed.map((tool) => [
    tool.name,
    tool.toolset,
    tool.annotations.readOnlyHint ? app.t("cli.yes") : app.t("cli.no"),
    tool.tier,
    app.t(`tools.${tool.name}.title` as MessageKey),
  ]);
  const header = [
    app.t("cli.col_tool"),
    app.t("cli.col_toolset"),
    app.t("cli.col_read_only"),
    app.t("cli.col_tier"),
    app.t("cli.col_title"),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) out(row.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
  out("");
  out(app.t("cli.tools_summary", { count: tools.length, tokens: listTokens(tools) }));
  return EXIT.ok;
}

/** The README/TOOLS.md table: one row per tool. */
export function markdownTable(tools: readonly AnyTool[], app: App): string {
  const lines = [
    `| ${app.t("cli.col_tool")} | ${app.t("cli.col_toolset")} | ${app.t("cli.col_read_only")} | ${
      app.t("cli.col_tier")
    } | ${app.t("cli.col_title")} |`,
    "| --- | --- | --- | --- | --- |",
  ];
  for (const tool of tools) {
    lines.push(
      `| \`${tool.name}\` | ${tool.toolset} | ${
        tool.annotations.readOnlyHint ? app.t("cli.yes") : app.t("cli.no")
      } | ${tool.tier} | ${app.t(`tools.${tool.name}.title` as MessageKey)} |`,
    );
  }
  return lines.join("\n");
}

export function toolsDescribe(app: App, name: string, out: Out = console.log): number {
  const tool = app.registry.all.find((t) => t.name === name || t.aliases?.includes(name));
  if (!tool) {
    out(app.t("server.unknown_tool", { name }));
    return EXIT.usage;
  }
  out(JSON.stringify(
    {
      ...describeTool(tool, app.t),
      toolset: tool.toolset,
      tier: tool.tier,
      privileges: tool.privileges,
      aliases: tool.aliases ?? [],
      exposed: app.registryFor(app.localPrincipal).find(tool.name) !== undefined,
    },
    null,
    2,
  ));
  return EXIT.ok;
}

export interface CallOptions {
  yes: boolean;
  out?: Out;
  err?: Out;
  /** Asks the user; default: `prompt()` when stdin is a terminal. */
  ask?: (question: string) => boolean;
}

/** One tool call through the full chain; a preview is confirmed only by --yes or the user at a terminal. */
export async function toolsCall(
  app: App,
  name: string,
  rawArgs: string,
  options: CallOptions,
): Promise<number> {
  const out = options.out ?? console.log;
  const err = options.err ?? console.error;
  let args: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(rawArgs);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new TypeError("not an object");
    args = parsed as Record<string, unknown>;
  } catch (error) {
    err(app.t("cli.bad_args", { detail: error instanceof Error ? error.message : String(error) }));
    return EXIT.usage;
  }
  const server = app.newServer(app.localPrincipal, {}, { transport: "cli", label: "cli" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: `${PRODUCT}-cli`, version: VERSION });
  await client.connect(clientSide);
  try {
    let result = await client.callTool({ name, arguments: args }) as CallToolResult;
    const envelope = result.structuredContent as
      | { status?: string; confirmation_handle?: string }
      | undefined;
    if (envelope?.status === "confirmation_required" && envelope.confirmation_handle) {
      err(JSON.stringify(envelope, null, 2));
      const ask = options.ask ??
        ((question: string) =>
          Deno.stdin.isTerminal() && (prompt(question) ?? "").trim().toLowerCase().startsWith("y"));
      if (!options.yes && !ask(app.t("cli.confirm_prompt"))) {
        err(app.t("cli.not_confirmed"));
        return EXIT.needsConfirmation;
      }
      result = await client.callTool({
        name,
        arguments: { ...args, confirm: true, confirmation_handle: envelope.confirmation_handle },
      }) as CallToolResult;
    }
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
    if (result.isError) {
      err(text);
      return EXIT.toolError;
    }
    out(result.structuredContent ? JSON.stringify(result.structuredContent, null, 2) : text);
    return EXIT.ok;
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    return EXIT.usage;
  } finally {
    await client.close();
    await server.close();
  }
}

/** `check`: connect, log in, report the vCenter, the user's privileges and which toolsets they allow. */
export async function check(app: App, out: Out = console.log): Promise<number> {
  const target = app.config.target;
  if (!target) {
    out(`${app.t("errors.NoTarget")}\n${app.t("errors.hint")}: ${app.t("hints.NoTarget")}`);
    return EXIT.toolError;
  }
  out(app.t("check.target", { host: target.host, port: target.port, tls: target.tls.mode }));
  try {
    const client = app.vsphere();
    const content = await client.serviceContent();
    const about = content.about;
    out(app.t("check.product", {
      name: sanitizeText(String(about.fullName ?? about.name ?? "?")),
      version: String(about.version ?? "?"),
      build: String(about.build ?? "?"),
      api: String(about.apiVersion ?? "?"),
    }));
    await client.ensureSession();
    out(app.t("check.login_ok", { user: target.user }));
    const privileges = await userPrivileges(app, content.rootFolder, content.sessionManager, out);
    out(app.t("check.toolsets_header"));
    for (const toolset of app.registry.toolsets) {
      const needed = new Set(
        app.registry.exposed.filter((t) => t.toolset === toolset.id).flatMap((t) => [...t.privileges]),
      );
      const exposed = app.registry.exposed.some((t) => t.toolset === toolset.id);
      const missing = privileges ? [...needed].filter((p) => !privileges.has(p)) : [];
      const state = !exposed
        ? app.t("check.toolset_not_exposed")
        : !privileges
        ? app.t("check.toolset_unknown")
        : missing.length
        ? app.t("check.toolset_missing", { privileges: missing.join(", ") })
        : app.t("check.toolset_usable");
      out(`  ${toolset.id.padEnd(14)} ${state}`);
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof VSphereError) {
      out(describeVSphereError(error, app.t));
      return EXIT.toolError;
    }
    throw error;
  } finally {
    await app.close();
  }
}

/** The user's privileges on the root folder, or undefined (with a note) when vCenter will not say. */
async function userPrivileges(
  app: App,
  rootFolder: MoRef,
  sessionManager: MoRef,
  out: Out,
): Promise<Set<string> | undefined> {
  const client = app.vsphere();
  try {
    const content = await client.serviceContent() as VimObject;
    const authz = content.authorizationManager as MoRef | undefined;
    const session = (await retrieveOne(client, sessionManager, ["currentSession"])).currentSession as
      | VimObject
      | undefined;
    const userName = String(session?.userName ?? app.config.target?.user ?? "");
    if (!authz) throw new TypeError("no AuthorizationManager");
    const raw = await client.call("FetchUserPrivilegeOnEntities", authz, {
      entities: [rootFolder],
      userName,
    });
    const results = (Array.isArray(raw) ? raw : raw ? [raw] : []) as VimObject[];
    const privileges = new Set<string>();
    for (const r of results) {
      const list = r.privileges;
      for (const p of Array.isArray(list) ? list : list ? [list] : []) privileges.add(String(p));
    }
    out(app.t("check.privileges", { user: sanitizeText(userName), count: privileges.size }));
    return privileges;
  } catch (error) {
    const detail = error instanceof VSphereError
      ? `${error.faultType}: ${sanitizeText(error.vcMessage)}`
      : String(error);
    out(app.t("check.privileges_unknown", { detail }));
    return undefined;
  }
}
