/**
 * A small Swagger 2.0 request checker for contract tests: does VMware's OpenAPI (API Explorer output in
 * /work/shared/reference/vsphere-rest-openapi) declare this verb on this path, and does the body carry every
 * required property and no unknown one (with $ref resolved, maps as additionalProperties, enums, types)?
 * It checks requests only; vcenter would reject exactly these mismatches with 400 while vcsim accepts them.
 */
import type { VSphereTarget } from "../../src/config/mod.ts";
import type { Flavour } from "../../src/vsphere/rest/client.ts";

/** `../shared/reference/...` beside the checkout (main or a worktree one level deeper), or $VSPHERE_OPENAPI_DIR. */
export const OPENAPI_DIR: URL = (() => {
  const env = Deno.env.get("VSPHERE_OPENAPI_DIR");
  if (env) return new URL(`file://${env.replace(/\/?$/, "/")}`);
  const candidates = ["../../../", "../../../../"].map((up) =>
    new URL(`${up}shared/reference/vsphere-rest-openapi/`, import.meta.url)
  );
  return candidates.find((c) => {
    try {
      return Deno.statSync(c).isDirectory;
    } catch {
      return false;
    }
  }) ?? candidates[0]!;
})();

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  required?: string[];
  items?: Schema;
  enum?: string[];
}

interface Parameter {
  in: "body" | "path" | "query" | "header" | "formData";
  name: string;
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  responses?: Record<string, { schema?: Schema }>;
}

interface SwaggerDoc {
  paths: Record<string, Record<string, Operation>>;
  definitions: Record<string, Schema>;
}

export interface RecordedRequest {
  method: string;
  url: URL;
  body: unknown;
}

interface Route {
  doc: SwaggerDoc;
  key: string;
  segments: RegExp[];
  /** `action=deploy` → ["action", "deploy"]; bare `library_id` → ["library_id", undefined]. */
  query: [string, string | undefined] | undefined;
  /** Further fixed query parameters of the key, e.g. `vmw-task=true` in `?action=apply&vmw-task=true`. */
  fixed: [string, string][];
  specificity: number;
}

/** Query parameters that select an operation; a request carrying one must match a route that names it. */
const SELECTORS = new Set(["action", "~action"]);

export class OpenApiChecker {
  readonly #routes: Route[] = [];

  /** `files` relative to OPENAPI_DIR, e.g. ["8.0.2/cis.json", "7.0.3/vcenter.json"]. */
  static async load(files: readonly string[]): Promise<OpenApiChecker> {
    const docs = await Promise.all(
      files.map(async (f) => JSON.parse(await Deno.readTextFile(new URL(f, OPENAPI_DIR))) as SwaggerDoc),
    );
    return new OpenApiChecker(docs);
  }

  constructor(docs: readonly SwaggerDoc[]) {
    for (const doc of docs) {
      for (const key of Object.keys(doc.paths)) {
        const [path, fullQuery] = key.split("?", 2) as [string, string | undefined];
        const [query, ...rest] = fullQuery?.split("&") ?? [];
        const fixed = rest.map((kv) => kv.split("=", 2) as [string, string]);
        const segments = path.split("/").map((s) =>
          new RegExp(`^${s.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`)
        );
        const q = query === undefined
          ? undefined
          : query.includes("=")
          ? query.split("=", 2) as [string, string]
          : [query, undefined] as [string, undefined];
        const literals = path.split("/").filter((s) => !s.includes("{")).length;
        this.#routes.push({ doc, key, segments, query: q, fixed, specificity: literals * 2 + (q ? 1 : 0) });
      }
    }
  }

  /** The route and operation of `request`, or the problem finding them. */
  #operation(request: RecordedRequest): { route: Route; operation: Operation } | string {
    const label = `${request.method} ${request.url.pathname}${request.url.search}`;
    const parts = request.url.pathname.split("/");
    const params = request.url.searchParams;
    const candidates = this.#routes.filter((r) =>
      r.segments.length === parts.length && r.segments.every((re, i) => re.test(parts[i]!)) &&
      (r.query === undefined ||
        (r.query[1] === undefined ? params.has(r.query[0]) : params.get(r.query[0]) === r.query[1])) &&
      r.fixed.every(([k, v]) => params.get(k) === v) &&
      [...params.keys()].every((k) => !SELECTORS.has(k) || r.query?.[0] === k)
    );
    if (candidates.length === 0) return `${label}: no such path in the OpenAPI spec`;
    // Like vCenter's router: literal segments beat templates, a named query parameter beats none; a verb
    // missing on the most specific route is an error even if a less specific route has it.
    const best = Math.max(...candidates.map((r) => r.specificity));
    const top = candidates.filter((r) => r.specificity === best);
    const withVerb = top.find((r) => r.doc.paths[r.key]![request.method.toLowerCase()]);
    if (!withVerb) {
      return `${label}: path ${candidates[0]!.key} has no ${request.method} (has ${
        Object.keys(candidates[0]!.doc.paths[candidates[0]!.key]!).join(", ")
      })`;
    }
    return { route: withVerb, operation: withVerb.doc.paths[withVerb.key]![request.method.toLowerCase()]! };
  }

  /**
   * Problems with `body` as the answer to `request`: it is validated against the schema of the operation's
   * success response (200, 201 or 202), so a response fixture cannot drift from VMware's spec.
   */
  checkResponse(request: RecordedRequest, body: unknown): string[] {
    const found = this.#operation(request);
    if (typeof found === "string") return [found];
    const label = `${request.method} ${request.url.pathname}${request.url.search}`;
    const responses = found.operation.responses ?? {};
    const success = responses["200"] ?? responses["201"] ?? responses["202"];
    if (!success?.schema) {
      return body === undefined ? [] : [`${label}: ${found.route.key} answers with no body`];
    }
    const problems: string[] = [];
    validate(found.route.doc, success.schema, body, "response", problems);
    return problems.map((p) => `${label}: ${p}`);
  }

  /** Problems with `request` (empty when the spec accepts it). */
  check(request: RecordedRequest): string[] {
    const label = `${request.method} ${request.url.pathname}${request.url.search}`;
    const params = request.url.searchParams;
    const found = this.#operation(request);
    if (typeof found === "string") return [found];
    const { route: withVerb, operation } = found;
    const problems: string[] = [];
    const declared = operation.parameters ?? [];
    for (const name of params.keys()) {
      if (SELECTORS.has(name) || withVerb.query?.[0] === name) continue;
      if (withVerb.fixed.some(([k]) => k === name)) continue;
      if (!declared.some((p) => p.in === "query" && p.name === name)) {
        problems.push(`${label}: query parameter "${name}" is not declared`);
      }
    }
    for (const p of declared) {
      if (p.in === "query" && p.required && !params.has(p.name)) {
        problems.push(`${label}: required query parameter "${p.name}" is missing`);
      }
    }
    const bodyParam = declared.find((p) => p.in === "body");
    if (!bodyParam) {
      // No body declared: only an absent or empty JSON object is acceptable (vcsim needs `{}` on some).
      const empty = request.body === undefined ||
        (isObject(request.body) && Object.keys(request.body).length === 0);
      if (!empty) problems.push(`${label}: ${withVerb.key} takes no body`);
      return problems;
    }
    if (request.body === undefined) {
      if (bodyParam.required) problems.push(`${label}: body required by ${withVerb.key}`);
      return problems;
    }
    validate(withVerb.doc, bodyParam.schema ?? {}, request.body, "body", problems);
    return problems.map((p) => `${label}: ${p}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function resolve(doc: SwaggerDoc, schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; current.$ref && depth < 10; depth++) {
    const name = current.$ref.replace("#/definitions/", "");
    const target = doc.definitions[name];
    if (!target) throw new Error(`Unresolvable $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

function validate(doc: SwaggerDoc, raw: Schema, value: unknown, where: string, out: string[]): void {
  const schema = resolve(doc, raw);
  const type = schema.type ?? (schema.properties ? "object" : undefined);
  switch (type) {
    case "object": {
      if (!isObject(value)) {
        out.push(`${where}: expected an object`);
        return;
      }
      for (const name of schema.required ?? []) {
        if (value[name] === undefined) out.push(`${where}.${name}: required property missing`);
      }
      for (const [name, v] of Object.entries(value)) {
        if (v === undefined) continue;
        const prop = schema.properties?.[name];
        if (prop) validate(doc, prop, v, `${where}.${name}`, out);
        else if (isObject(schema.additionalProperties)) {
          validate(doc, schema.additionalProperties, v, `${where}.${name}`, out);
        } else if (schema.properties || schema.additionalProperties === false) {
          out.push(`${where}.${name}: unknown property`);
        }
        // An object schema without properties is free-form (e.g. error `data`).
      }
      return;
    }
    case "array":
      if (!Array.isArray(value)) {
        out.push(`${where}: expected an array`);
        return;
      }
      value.forEach((item, i) => validate(doc, schema.items ?? {}, item, `${where}[${i}]`, out));
      return;
    case "string":
      if (typeof value !== "string") out.push(`${where}: expected a string`);
      else if (schema.enum && !schema.enum.includes(value)) {
        out.push(`${where}: "${value}" is not one of ${schema.enum.join("|")}`);
      }
      return;
    case "boolean":
      if (typeof value !== "boolean") out.push(`${where}: expected a boolean`);
      return;
    case "integer":
      if (!Number.isInteger(value)) out.push(`${where}: expected an integer`);
      return;
    case "number":
      if (typeof value !== "number") out.push(`${where}: expected a number`);
      return;
    default:
      return;
  }
}

/** A vCenter that is never dialled: contract tests answer its requests with recordingRoundTripper(). */
export function offlineTarget(apiMode: Flavour = "api"): VSphereTarget {
  return {
    host: "vc.example",
    port: 443,
    user: "u",
    password: "p",
    tls: { mode: "verify" },
    timeoutMs: 5000,
    apiMode,
  };
}

/** A round-tripper that records every request and answers 200 with `answer(request)` as JSON. */
export function recordingRoundTripper(
  answer: (request: RecordedRequest) => unknown,
): { send: (request: Request) => Promise<Response>; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    send: async (request) => {
      const text = request.body ? await request.text() : "";
      const recorded = {
        method: request.method,
        url: new URL(request.url),
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(recorded);
      return new Response(JSON.stringify(answer(recorded)), { status: 200 });
    },
  };
}
