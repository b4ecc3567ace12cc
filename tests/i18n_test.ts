/**
 * Locale parity: en.json and ja.json have the same keys and the same placeholders, both are sorted, and
 * no key is unused. A key counts as used when the code base spells it literally, or when it belongs to a
 * family the code builds at run time (`errors.${kind}`) — those families are listed here, with members.
 */
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

/**
 * Prefixes of keys the code builds from a template such as `snapshot_manage.summary_${action}`: every key
 * with that prefix counts as used. Only prefixes with text after their last dot qualify, so a bare
 * `tools.${name}` cannot hide a stale key (those families are listed above).
 */
function templatedPrefixes(source: string): string[] {
  return [...source.matchAll(/`([a-z][a-z0-9_.]*)\$\{/g)].map((m) => m[1]!)
    .filter((prefix) => prefix.includes(".") && !prefix.endsWith("."));
}

Deno.test("Every locale key is used by the code base, literally or through a listed family", async () => {
  const source = await sourceText();
  const dynamic = new Set(Object.values(DYNAMIC_FAMILIES).flat());
  const prefixes = templatedPrefixes(source);
  const literal = (key: string) => [`"${key}"`, `'${key}'`, `\`${key}\``].some((q) => source.includes(q));
  const unused = Object.keys(en).filter((key) =>
    !dynamic.has(key) && !literal(key) && !prefixes.some((prefix) => key.startsWith(prefix))
  );
  assert.deepEqual(unused, []);
  const missing = [...dynamic].filter((key) => !(key in en));
  assert.deepEqual(missing, [], "every member of a dynamic family has a text");
});

Deno.test("Japanese texts are Japanese (not copies of the English)", () => {
  const copies = Object.keys(en).filter((key) => en[key] === ja[key] && /[a-z]{4,}/.test(en[key]!));
  assert.deepEqual(copies, []);
});
