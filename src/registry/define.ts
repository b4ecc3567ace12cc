/**
 * The one declarative shape of an MCP tool. A tool file calls `defineTool({...})` and nothing in the core
 * changes to add it: the registry, middleware chain, confirmation, docs and tests all read this object.
 */
import type { z } from "zod";
import type { Logger } from "@logtape/logtape";
import type { Translate } from "../i18n/mod.ts";
import type { VSphereClient } from "../vsphere/client.ts";
import type { MoRef } from "../vsphere/soap/types.ts";

/** Danger tiers as the seed defines them (low: power on; medium: power off, snapshot create; high:
 * revert, migrate, clone, maintenance; critical: delete VM, host shutdown, datastore file delete). */
export type DangerTier = "low" | "medium" | "high" | "critical";
export const DANGER_TIERS: readonly DangerTier[] = ["low", "medium", "high", "critical"];

/** All four MCP annotations are required so that none is left to a client's default. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** Who is calling: the local stdio user or an HTTP bearer-token principal. */
export interface Principal {
  id: string;
  kind: "local" | "token" | "anonymous";
  roles: readonly string[];
}

/** One object a change acts on, as resolved from the model's input. */
export interface ChangeTarget {
  ref: MoRef;
  /** Sanitized display name. */
  name: string;
  path?: string;
  /** Current state relevant to the change, e.g. `{ powerState: "poweredOn" }`. */
  state?: Record<string, unknown>;
}

/** What a non-read-only tool is about to do; shown in the preview and written to the audit log. */
export interface ChangePlan {
  targets: ChangeTarget[];
  /** Human-readable summary of the intended change (already localized by the tool via ctx.t). */
  summary: string;
  /** The exact vSphere method(s), e.g. "PowerOffVM_Task". */
  method: string;
  /** The method's arguments, without secrets. */
  args?: Record<string, unknown>;
}

export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/** A configured vCenter target as tools may show it (never credentials). */
export interface TargetSummary {
  name: string;
  host: string;
  port: number;
  user: string;
  tls: string;
  default: boolean;
}

/** What a handler gets. Handlers never import policy, audit or i18n internals. */
export interface ToolContext {
  /** The default target's client. */
  vsphere: VSphereClient;
  /** The client of a named target (VSPHERE_TARGETS_FILE); a tool opts in with an optional `target` input. */
  vsphereFor(name: string): VSphereClient;
  /** The configured targets, for target_list. */
  targets(): readonly TargetSummary[];
  t: Translate;
  log: Logger;
  signal: AbortSignal;
  principal: Principal;
  /** Audit event id of this call; pass as SOAP operationId so vCenter's logs join ours. */
  eventId: string;
  progress(update: ProgressUpdate): Promise<void>;
  /**
   * The confirmation gate. Call it once, after reading current state and before the first mutating
   * vCenter call: on an unconfirmed call it ends the handler with a preview of `plan`; on a confirmed
   * call it runs `run`. A handler that returns without calling it changed nothing.
   */
  mutate<T>(plan: ChangePlan, run: () => Promise<T>): Promise<T>;
}

export type InputShape = z.ZodRawShape;
export type OutputShape = z.ZodRawShape;

export interface ToolDefinition<I extends InputShape = InputShape, O extends OutputShape = OutputShape> {
  /** snake_case, grouped by area: `vm_power`, `snapshot_create`. Title/description come from the locale
   * keys `tools.<name>.title` and `tools.<name>.description`. */
  name: string;
  toolset: string;
  /** Input fields; every field has `.describe(t("..."))` so clients get localized parameter help. */
  input: (t: Translate) => I;
  output: O;
  annotations: ToolAnnotations;
  tier: DangerTier;
  /** vSphere privileges the call needs, e.g. ["VirtualMachine.Interact.PowerOff"]. */
  privileges: readonly string[];
  /** Old names (the seed's) that resolve to this tool on tools/call without being listed. */
  aliases?: readonly string[];
  handler(args: z.infer<z.ZodObject<I>>, ctx: ToolContext): Promise<z.infer<z.ZodObject<O>>>;
}

/** A tool of any shape; `handler` is a method, so its parameter is checked bivariantly here. */
export type AnyTool = ToolDefinition;

/** Identity helper that gives `handler` its argument and result types from the schemas. */
export function defineTool<I extends InputShape, O extends OutputShape>(
  def: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return def;
}

export interface ToolsetDefinition {
  id: string;
  /** Shown by default when no --toolsets is given. */
  default: boolean;
  tools: readonly AnyTool[];
}

export function defineToolset(def: ToolsetDefinition): ToolsetDefinition {
  for (const tool of def.tools) {
    if (tool.toolset !== def.id) {
      throw new TypeError(
        `Tool "${tool.name}" declares toolset "${tool.toolset}" but is listed in "${def.id}"`,
      );
    }
  }
  return def;
}
