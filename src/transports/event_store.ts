/**
 * A bounded in-memory event store for one Streamable HTTP session: it lets a client that lost an SSE
 * stream resume with `Last-Event-ID`, and makes the SDK send the priming event and `retry` field that
 * SSE polling (SEP-1699) relies on. Oldest events are dropped first, by count and by size (one 1,000-row
 * result is ~170 KB), so memory per session stays bounded.
 */
import type { EventId, EventStore, JSONRPCMessage, StreamId } from "../mcp_sdk.ts";

export class MemoryEventStore implements EventStore {
  #events = new Map<EventId, { streamId: StreamId; message: JSONRPCMessage; bytes: number }>();
  #seq = 0;
  #bytes = 0;

  constructor(private readonly maxEvents = 500, private readonly maxBytes = 2 * 1024 * 1024) {}

  storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const id = `${streamId}_${++this.#seq}`;
    // The JSON length is the cost measure; the newest event is always kept so a client can resume after it.
    const bytes = JSON.stringify(message).length;
    this.#events.set(id, { streamId, message, bytes });
    this.#bytes += bytes;
    while (this.#events.size > 1 && (this.#events.size > this.maxEvents || this.#bytes > this.maxBytes)) {
      const [oldest, event] = this.#events.entries().next().value!;
      this.#events.delete(oldest);
      this.#bytes -= event.bytes;
    }
    return Promise.resolve(id);
  }

  /** Approximate size of the stored messages (JSON characters). */
  get bytes(): number {
    return this.#bytes;
  }

  getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return Promise.resolve(this.#events.get(eventId)?.streamId ?? streamOf(eventId));
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const streamId = this.#events.get(lastEventId)?.streamId ?? streamOf(lastEventId);
    if (!streamId) return "";
    const after = seqOf(lastEventId);
    for (const [id, event] of this.#events) {
      if (event.streamId === streamId && seqOf(id) > after) await send(id, event.message);
    }
    return streamId;
  }

  get size(): number {
    return this.#events.size;
  }
}

function streamOf(eventId: EventId): StreamId | undefined {
  const cut = eventId.lastIndexOf("_");
  return cut > 0 ? eventId.slice(0, cut) : undefined;
}

function seqOf(eventId: EventId): number {
  return Number(eventId.slice(eventId.lastIndexOf("_") + 1)) || 0;
}
