import denoJson from "../deno.json" with { type: "json" };

/** Product version, from deno.json so there is one place to bump it. */
export const VERSION: string = denoJson.version;
export const PRODUCT = "vsphere-mcp";
export const USER_AGENT = `${PRODUCT}/${VERSION} (Deno ${Deno.version.deno})`;
