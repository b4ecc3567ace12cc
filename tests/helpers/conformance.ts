/**
 * Runs the official MCP conformance suite (`@modelcontextprotocol/conformance`, pinned in deno.json) against
 * a URL. It runs under Deno (`deno run -A npm:…`), not the machine's Node.
 */
import denoJson from "../../deno.json" with { type: "json" };

const ROOT = new URL("../../", import.meta.url).pathname;
/** "npm:@modelcontextprotocol/conformance@x.y.z": the one pin, in deno.json (and deno.lock). */
const SUITE = denoJson.imports["@modelcontextprotocol/conformance"];

/** The scenarios our HTTP transport must pass (issue 4). */
export const SCENARIOS = [
  "server-initialize",
  "ping",
  "tools-list",
  "logging-set-level",
  "dns-rebinding-protection",
  "server-sse-polling",
  "server-sse-multiple-streams",
] as const;

export interface ConformanceRun {
  scenario: string;
  ok: boolean;
  passed: number;
  failed: number;
  warnings: number;
  output: string;
}

export async function runScenario(url: URL, scenario: string): Promise<ConformanceRun> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      SUITE,
      "server",
      "--url",
      url.href,
      "--scenario",
      scenario,
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  // deno-lint-ignore no-control-regex
  const output = text.replace(/\u001b\[[0-9;]*m/g, "");
  const summary = output.match(/Passed: (\d+)\/\d+, (\d+) failed, (\d+) warnings/);
  return {
    scenario,
    ok: out.success && summary !== null && summary[2] === "0",
    passed: Number(summary?.[1] ?? 0),
    failed: Number(summary?.[2] ?? -1),
    warnings: Number(summary?.[3] ?? 0),
    output,
  };
}
