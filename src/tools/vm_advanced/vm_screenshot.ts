/** Takes a screenshot of a running VM's console; vCenter stores it as a PNG in the VM's folder. */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { resolveVm, str } from "../vm/common.ts";
import { operationOutput, vmOperation, vmRuntime } from "./common.ts";

export const vmScreenshot = defineTool({
  name: "vm_screenshot",
  toolset: "vm_advanced",
  input: (t) => ({ vm: vmInput(t), datacenter: datacenterInput(t), wait_seconds: waitInput(t) }),
  output: { ...operationOutput, file: z.string().optional() },
  // It writes a new file to the datastore, nothing else.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  tier: "low",
  privileges: ["VirtualMachine.Interact.CreateScreenshot"],
  aliases: ["get_vm_screenshot"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const power = str((await vmRuntime(ctx, vm.ref)).powerState) ?? "";
    const params = { name: vm.display, state: power };
    if (power !== "poweredOn") throw new ToolInputError("vm_guest_tools.needs_power", params, "hints.input");
    const { result, ...out } = await vmOperation(ctx, vm, {
      method: "CreateScreenshot_Task",
      args: {},
      summary: ctx.t("vm_screenshot.summary", params),
      done: ctx.t("vm_screenshot.done", params),
      state: { powerState: power },
      waitSeconds: args.wait_seconds,
    });
    return { ...out, ...(typeof result === "string" ? { file: sanitizeText(result) } : {}) };
  },
});
