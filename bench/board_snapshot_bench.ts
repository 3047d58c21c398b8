/**
 * `deno task bench:board`: what every change of a queue costs its boards, `loadBoardSnapshot`
 * (the live parties, and since the undo window the parties finished in the last minute), for a
 * queue with a month of busy nights' history (4k finished visits) and ten times that (40k),
 * each with 60 live parties; and the "just finished" read alone at 40k without its partial
 * index (migrations/20261202800000_recently_finished_index.ts), to show what it saves.
 * On PGlite.
 */
import { withTenant } from "../lib/db/transaction_repo.ts";
import { loadBoardSnapshot } from "../lib/queue/board_state.ts";
import { listRecentlyFinished } from "../lib/queue/undo_repo.ts";
import { insertPastCalls, type PastCall } from "../tests/helpers/history_repo.ts";
import { dropRecentlyFinishedIndex } from "./bench_index_repo.ts";
import { firstQueueId, jsonPost } from "../tests/helpers/forms.ts";
import { startTestApp, type TestApp } from "../tests/helpers/test_app.ts";

const DAY = 24 * 3600_000;
const LIVE = 60;

async function queueWithHistory(
  visits: number,
): Promise<{ app: TestApp; tenantId: string; queueId: string }> {
  const app = await startTestApp({ RATE_LIMIT_JOIN_PER_MINUTE: "100000" });
  const queueId = await firstQueueId(app, "http://demo.localhost");
  const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
  const now = Date.now();
  const calls: PastCall[] = Array.from({ length: visits }, (_, i) => {
    const calledAt = new Date(now - DAY - (i * 180 * DAY) / visits);
    return { joinedAt: new Date(calledAt.getTime() - 20 * 60_000), calledAt, partySize: 1 + i % 6 };
  });
  await withTenant(
    app.deps.db,
    tenant!.id,
    (trx) => insertPastCalls(trx, tenant!.id, queueId, calls),
  );
  for (let i = 0; i < LIVE; i++) {
    const res = await jsonPost(app, `http://demo.localhost/api/queues/${queueId}/join`, {
      customerName: `Live ${i}`,
      customerPhone: `0123459${String(i).padStart(3, "0")}`,
      partySize: 2,
    });
    await res.body?.cancel();
  }
  return { app, tenantId: tenant!.id, queueId };
}

const small = await queueWithHistory(4_000);
const large = await queueWithHistory(40_000);

Deno.bench("board snapshot, 4k finished visits, 60 live", { group: "snapshot" }, async () => {
  await loadBoardSnapshot(small.app.deps.db, small.tenantId, small.queueId);
});

Deno.bench("board snapshot, 40k finished visits, 60 live", { group: "snapshot" }, async () => {
  await loadBoardSnapshot(large.app.deps.db, large.tenantId, large.queueId);
});

Deno.bench(
  "just finished (undo strip) alone, 40k, with its index",
  { group: "recent" },
  async () => {
    await withTenant(
      large.app.deps.db,
      large.tenantId,
      (trx) => listRecentlyFinished(trx, large.queueId, 60),
    );
  },
);

const bare = await queueWithHistory(40_000);
await dropRecentlyFinishedIndex(bare.app.deps.db);

Deno.bench(
  "just finished (undo strip) alone, 40k, without the index",
  { group: "recent" },
  async () => {
    await withTenant(
      bare.app.deps.db,
      bare.tenantId,
      (trx) => listRecentlyFinished(trx, bare.queueId, 60),
    );
  },
);

globalThis.addEventListener("unload", () => {
  for (const { app } of [small, large, bare]) void app.close();
});
