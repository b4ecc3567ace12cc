/** Answers the question a VM is waiting on (e.g. "moved or copied?"), which blocks its power-on. */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import { obj, objects, resolveVm, str } from "../vm/common.ts";
import { operationOutput, vmOperation, vmRuntime } from "./common.ts";

/** The AnswerVM request (also used by the WSDL contract test). */
export function answerRequest(questionId: string, answerChoice: string) {
  return { method: "AnswerVM", args: { questionId, answerChoice } };
}

export const vmAnswer = defineTool({
  name: "vm_answer",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    choice: z.string().min(1).max(200).describe(t("param.vm_answer_choice")),
    question_id: z.string().min(1).max(200).optional().describe(t("param.vm_answer_question_id")),
    datacenter: datacenterInput(t),
  }),
  output: operationOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // An answer such as "I copied it" changes the VM's identity (UUID, MAC addresses).
  tier: "medium",
  privileges: ["VirtualMachine.Interact.AnswerQuestion"],
  aliases: ["answer_vm_question"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const question = obj((await vmRuntime(ctx, vm.ref)).question);
    if (!question) {
      return { vm: vm.display, moref: vm.ref.value, message: ctx.t("vm_answer.none", { name: vm.display }) };
    }
    const id = str(question.id) ?? "";
    if (args.question_id !== undefined && args.question_id !== id) {
      throw new ToolInputError("vm_answer.other_question", { id: sanitizeText(id) }, "hints.input");
    }
    const choices = objects(obj(question.choice)?.choiceInfo);
    const picked = choices.find((c) => str(c.key) === args.choice) ??
      choices.find((c) => str(c.label)?.toLowerCase() === args.choice.toLowerCase());
    if (!picked) {
      throw new ToolInputError("vm_answer.bad_choice", {
        choices: choices.map((c) => `${sanitizeText(str(c.key) ?? "")} (${sanitizeText(str(c.label) ?? "")})`)
          .join(", "),
      }, "hints.input");
    }
    const params = {
      name: vm.display,
      question: sanitizeText(str(question.text) ?? "", 300),
      choice: sanitizeText(str(picked.label) ?? str(picked.key) ?? ""),
    };
    const { result: _ignored, ...out } = await vmOperation(ctx, vm, {
      ...answerRequest(id, str(picked.key) ?? args.choice),
      summary: ctx.t("vm_answer.summary", params),
      done: ctx.t("vm_answer.done", params),
      state: { question: params.question },
    });
    return out;
  },
});
