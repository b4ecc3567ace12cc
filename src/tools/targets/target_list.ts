import { z } from "zod";
import { defineTool } from "../../registry/define.ts";

export const targetList = defineTool({
  name: "target_list",
  toolset: "targets",
  input: () => ({}),
  output: {
    targets: z.array(z.object({
      name: z.string().describe("Pass as `target` to tools that accept one"),
      host: z.string(),
      port: z.number(),
      user: z.string(),
      tls: z.string().describe("verify, thumbprint or insecure"),
      default: z.boolean().describe("Used when a tool is called without `target`"),
    })),
  },
  // Reads only the server's configuration: no vCenter request.
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  tier: "low",
  privileges: [],
  handler: (_args, ctx) => Promise.resolve({ targets: ctx.targets().map((target) => ({ ...target })) }),
});
