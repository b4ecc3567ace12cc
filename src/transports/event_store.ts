/**
 * A bounded in-memory event store for one Streamable HTTP session: it lets a client that lost an SSE
 * stream resume with `Last-Event-ID`, and makes the SDK send the priming event and `retry` field that
 * SSE polling (SEP-1699) relies on. Oldest events are dropped first, so memory stays bounded.
 */
import type { EventId, EventStore, JSONRPCMessage, StreamId } from "../mcp_sdk.ts";

export class MemoryEventStore implements EventStore {
  #events = new Map<EventId, { streamId: StreamId; message: JSONRPCMessage }>();
  #seq = 0;

  constructor(private readonly maxEvents = 500) {}

  storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const id = `${streamId}_${++this.#seq}`;
    this.#events.set(id, { streamId, message });
    while (this.#events.size > this.maxEvents) {
      const oldest = this.#events.keys().next().value;
      if (oldest === undefined) break;
      this.#events.delete(oldest);
    }
    return Promise.resolve(id);
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
