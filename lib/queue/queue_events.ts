import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { realtimeTopicKey } from "../kv/keys.ts";
import type { ChannelSpec } from "../realtime/hub.ts";
import { publishTopic } from "../realtime/publish.ts";
import { loadBoardSnapshot, loadPublicSnapshot } from "./snapshot.ts";

/** Tells every open page of this queue (customers and staff) that it changed. */
export function announceQueueChange(kv: Deno.Kv, tenantId: string, queueId: string): Promise<void> {
  return publishTopic(kv, tenantId, "queue", queueId);
}

/** The customers' channel of a queue: places and estimates, no personal details. */
export function publicQueueChannel(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
): ChannelSpec {
  return {
    name: `public:${queueId}`,
    topic: realtimeTopicKey(tenantId, "queue", queueId),
    load: () => loadPublicSnapshot(db, tenantId, queueId),
  };
}

/** The staff board's channel of a queue. */
export function boardQueueChannel(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
): ChannelSpec {
  return {
    name: `board:${queueId}`,
    topic: realtimeTopicKey(tenantId, "queue", queueId),
    load: () => loadBoardSnapshot(db, tenantId, queueId),
  };
}
