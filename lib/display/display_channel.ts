import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { realtimeTopicKey } from "../kv/keys.ts";
import type { ChannelSpec } from "../realtime/hub.ts";
import { loadDisplaySnapshot } from "./display_snapshot.ts";

/**
 * A screen's channel: one queue's topic, or the tenant's all-queues topic (bumped with every
 * queue's change) for a screen that shows them all. The same topics as the board and the
 * customers' pages, so a staff call reaches the screen through the same hub watch.
 */
export function displayChannel(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string | null,
): ChannelSpec {
  return {
    name: queueId ? `display:${queueId}` : "display:all",
    topic: queueId
      ? realtimeTopicKey(tenantId, "queue", queueId)
      : realtimeTopicKey(tenantId, "queues", "all"),
    load: () => loadDisplaySnapshot(db, tenantId, queueId),
  };
}
