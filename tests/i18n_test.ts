/**
 * Locale parity: en.json and ja.json have the same keys and the same placeholders, both are sorted, and
 * no key is unused. A key counts as used when the code base spells it literally, or when it belongs to a
 * family the code builds at run time (`errors.${kind}`) — those families are listed here, with members.
 */
import { SCOPE_TYPES } from "../src/tools/inventory/scope.ts";
import assert from "node:assert/strict";
import { catalog } from "../src/i18n/mod.ts";
import { TOOLSETS } from "../src/tools/mod.ts";
import { ERROR_KINDS } from "../src/vsphere/errors.ts";

const en = catalog("en");
const ja = catalog("ja");
const ROOT = new URL("../", import.meta.url);

/** Keys built dynamically, by the code that builds them. */
const DYNAMIC_FAMILIES: Record<string, readonly string[]> = {
  // src/server/errors.ts: errors.${kind}, hints.${kind}
  "vSphere error kinds": ERROR_KINDS.flatMap((kind) => [`errors.${kind}`, `hints.${kind}`]),
  // src/server/mcp.ts: tools.${name}.title / .description of every registered tool
  "tool texts": TOOLSETS.flatMap((ts) => ts.tools).flatMap((tool) => [
    `tools.${tool.name}.title`,
    `tools.${tool.name}.description`,
  ]),
  // src/server/confirm.ts: confirm.refused_${outcome}
  "confirmation refusals": ["unknown", "expired", "mismatch"].map((o) => `confirm.refused_${o}`),
  // src/tools/inventory/scope.ts: param.scope_${key}
  "inventory scopes": Object.keys(SCOPE_TYPES).map((key) => `param.scope_${key}`),
  // src/tools/snapshot/snapshot_manage.ts, src/tools/vm/vm_lifecycle.ts: <tool>.summary_/done_${action}
  "snapshot actions": ["consolidate", "remove", "remove_all", "rename", "revert"].flatMap((a) => [
    `snapshot_manage.summary_${a}`,
    `snapshot_manage.done_${a}`,
  ]),
  "lifecycle actions": ["customize", "mark_template", "mark_vm", "unregister", "upgrade_hardware"].flatMap((
    a,
  ) => [
    `vm_lifecycle.summary_${a}`,
    `vm_lifecycle.done_${a}`,
  ]),
  // src/tools/vm/vm_clone.ts: vm_clone.kind_${kind}
  "clone kinds": ["deploy", "full", "linked", "template"].map((k) => `vm_clone.kind_${k}`),
  // src/governance/mod.ts: policy.reason_${reason}
  "policy refusal reasons": ["no_role", "denied_tool", "not_granted", "tier", "read_only"].map((r) =>
    `policy.reason_${r}`
  ),
};

async function sourceText(): Promise<string> {
  const parts: string[] = [await Deno.readTextFile(new URL("main.ts", ROOT))];
  const walk = async (dir: URL) => {
    for await (const entry of Deno.readDir(dir)) {
      const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
      if (entry.isDirectory) await walk(url);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) {
        parts.push(await Deno.readTextFile(url));
      }
    }
  };
  await walk(new URL("src/", ROOT));
  return parts.join("\n");
}

const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();

Deno.test("en.json and ja.json have exactly the same keys", () => {
  assert.deepEqual(Object.keys(ja).filter((k) => !(k in en)), [], "keys only in ja.json");
  assert.deepEqual(Object.keys(en).filter((k) => !(k in ja)), [], "keys missing from ja.json");
});

Deno.test("en and ja texts use identical placeholders", () => {
  const differing = Object.keys(en).filter((key) =>
    JSON.stringify(placeholders(en[key]!)) !== JSON.stringify(placeholders(ja[key] ?? ""))
  );
  assert.deepEqual(differing, []);
});

Deno.test("Locale files are sorted by key and no text is empty", () => {
  for (const [lang, messages] of [["en", en], ["ja", ja]] as const) {
    const keys = Object.keys(messages);
    assert.deepEqual(keys, [...keys].sort(), `${lang}.json is sorted`);
    assert.deepEqual(keys.filter((k) => !messages[k]?.trim()), [], `${lang}.json has no empty text`);
  }
});

Deno.test("Every locale key is used by the code base, literally or through a listed family", async () => {
  const source = await sourceText();
  const dynamic = new Set(Object.values(DYNAMIC_FAMILIES).flat());
  const literal = (key: string) => [`"${key}"`, `'${key}'`, `\`${key}\``].some((q) => source.includes(q));
  const unused = Object.keys(en).filter((key) => !dynamic.has(key) && !literal(key));
  assert.deepEqual(unused, []);
  const missing = [...dynamic].filter((key) => !(key in en));
  assert.deepEqual(missing, [], "every member of a dynamic family has a text");
});

Deno.test("Japanese texts are Japanese (not copies of the English)", () => {
  const copies = Object.keys(en).filter((key) => en[key] === ja[key] && /[a-z]{4,}/.test(en[key]!));
  assert.deepEqual(copies, []);
});
