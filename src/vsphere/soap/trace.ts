/**
 * Tracing: one debug record per SOAP exchange — method, target object, outcome, duration, bytes,
 * operationID — and the per-method counters. Arguments, cookies and bodies are never recorded: a Login's
 * arguments hold the password and every request carries the session cookie.
 */
import { VSphereError } from "../errors.ts";
import type { SoapDecorator } from "./round_trip.ts";
import { countCall, type SoapStats } from "./stats.ts";

export interface TraceRecord {
  method: string;
  /** The `_this` object, e.g. "PropertyCollector:propertyCollector". */
  target: string;
  outcome: string;
  status?: number;
  ms: number;
  bytesSent?: number;
  bytesReceived?: number;
  operationId?: string;
}

export type TraceSink = (record: TraceRecord) => void;

export function traceCalls(stats: SoapStats, sink: TraceSink | undefined): SoapDecorator {
  return (next) => async (request) => {
    const started = performance.now();
    const base = {
      method: request.method,
      target: `${request.thisRef.type}:${redactSession(request.thisRef.value)}`,
      ...(request.operationId ? { operationId: request.operationId } : {}),
    };
    stats.requests++;
    try {
      const response = await next(request);
      stats.bytesSent += response.bytesSent;
      stats.bytesReceived += response.bytesReceived;
      countCall(stats, request.method, "ok");
      sink?.({
        ...base,
        outcome: "ok",
        status: response.status,
        ms: Math.round(performance.now() - started),
        bytesSent: response.bytesSent,
        bytesReceived: response.bytesReceived,
      });
      return response;
    } catch (error) {
      const outcome = error instanceof VSphereError ? error.faultType : "aborted";
      countCall(stats, request.method, outcome);
      const status = error instanceof VSphereError ? error.details.status : undefined;
      sink?.({
        ...base,
        outcome,
        ...(typeof status === "number" ? { status } : {}),
        ms: Math.round(performance.now() - started),
      });
      throw error;
    }
  };
}

/**
 * Session-scoped objects (container views, filters) are named `session[<id>]<uuid>`; the simulator's id is
 * the session cookie itself, so it never reaches a log.
 */
export function redactSession(value: string): string {
  return value.replace(/^session\[[^\]]*\]/, "session[…]");
}
