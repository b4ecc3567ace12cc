import type { MessageKey, MessageParams } from "../i18n/mod.ts";

/** An error the model can fix by changing its input (bad cursor, ambiguous name, ...); text from the locale. */
export class ToolInputError extends Error {
  constructor(readonly key: MessageKey, readonly params: MessageParams = {}, readonly hintKey?: MessageKey) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = "ToolInputError";
  }
}
