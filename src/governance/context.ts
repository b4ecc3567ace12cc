/**
 * The tool call a piece of async work belongs to. Set around every call by the governance middleware, so
 * that code far from the handler — the vSphere client's request counter, the audit writer — can tag its
 * work with the call's event id (the vCenter operationID) without threading it through every signature.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface CallContext {
  eventId: string;
  tool: string;
  principal: string;
}

const storage = new AsyncLocalStorage<CallContext>();

export function runInCall<T>(context: CallContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentCall(): CallContext | undefined {
  return storage.getStore();
}
