import type { Kysely } from "kysely";
import { toPublicWire } from "./public_wire.ts";
import type { Database } from "../db/schema.ts";
import { realtimeTopicKey } from "../kv/keys.ts";
import type { ChannelSpec } from "../realtime/hub.ts";
import { publishTopics } from "../realtime/publish.ts";
import { listQueues } from "./queue_list.ts";
import type { CustomerReads } from "./customer_reads.ts";
import type { BoardReads } from "./board_reads.ts";
import { withUnreadChats } from "../chat/unread.ts";

const ALL_QUEUES = ["queues", "all"] as const;

/** Tells every open page of this queue, and the tenant's dashboard, that it changed. */
export function announceQueueChange(kv: Deno.Kv, tenantId: string, queueId: string): Promise<void> {
  return publishTopics(kv, tenantId, [["queue", queueId], ALL_QUEUES]);
}

/** The staff dashboard's channel: every queue of the tenant with its live and unread counts. */
export function dashboardChannel(db: Kysely<Database>, tenantId: string): ChannelSpec {
  return {
    name: "dashboard",
    topic: realtimeTopicKey(tenantId, ...ALL_QUEUES),
    load: async () => withUnreadChats(db, tenantId, await listQueues(db, tenantId)),
  };
}

/**
 * The customers' channel of a queue: places and estimates, no personal details, from the
 * process's read model (loaded once per change, shared with the status reads).
 */
export function publicQueueChannel(
  reads: CustomerReads,
  tenantId: string,
  queueId: string,
): ChannelSpec {
  return {
    name: `public:${queueId}`,
    topic: realtimeTopicKey(tenantId, "queue", queueId),
    load: async () => toPublicWire(await reads.publicSnapshot(tenantId, queueId)),
    inMemory: () => reads.queueInMemory(tenantId, queueId),
  };
}

/** The staff board's channel of a queue, from the process's board reads (board_reads.ts). */
export function boardQueueChannel(
  boards: BoardReads,
  tenantId: string,
  queueId: string,
): ChannelSpec {
  return {
    name: `board:${queueId}`,
    topic: realtimeTopicKey(tenantId, "queue", queueId),
    load: () => boards.board(tenantId, queueId),
    inMemory: () => boards.inMemory(tenantId, queueId),
  };
}
