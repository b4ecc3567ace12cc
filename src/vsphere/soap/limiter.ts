/**
 * A cap on requests in flight to vCenter (VSPHERE_MAX_INFLIGHT, default 8): vCenter throttles and queues
 * per session anyway, and a burst of parallel tool calls must not turn into hundreds of open requests.
 * Waiters are served in arrival order; a caller that gives up while waiting leaves the queue.
 */
import type { SoapDecorator } from "./round_trip.ts";
import type { SoapStats } from "./stats.ts";

export function limitInFlight(max: number, stats: SoapStats): SoapDecorator {
  const waiting: (() => void)[] = [];
  let active = 0;

  const acquire = (signal: AbortSignal | undefined): Promise<void> => {
    if (active < max) {
      active++;
      return Promise.resolve();
    }
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        stats.queued--;
        active++;
        resolve();
      };
      const onAbort = () => {
        const index = waiting.indexOf(grant);
        if (index >= 0) waiting.splice(index, 1);
        stats.queued--;
        reject(signal?.reason);
      };
      stats.queued++;
      waiting.push(grant);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  };
  const release = () => {
    active--;
    waiting.shift()?.();
  };

  return (next) => async (request) => {
    await acquire(request.signal);
    stats.inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
    try {
      return await next(request);
    } finally {
      stats.inFlight--;
      release();
    }
  };
}
