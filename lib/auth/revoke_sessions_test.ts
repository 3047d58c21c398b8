import assert from "node:assert/strict";
import { revokeUserSessions } from "./revoke_sessions.ts";
import {
  createSession,
  deleteSession,
  getSession,
  type SessionData,
  sessionRevocationTopic,
} from "./session_store.ts";

const STAFF: Omit<SessionData, "createdAt" | "expiresAt" | "userId"> = {
  kind: "tenant",
  tenantId: "tenant-a",
  role: "STAFF",
  email: "staff@demo.test",
  fullName: "Sam Staff",
};

async function isMarkedRevoked(kv: Deno.Kv, id: string): Promise<boolean> {
  const mark = (await kv.get(sessionRevocationTopic(id))).value;
  return mark instanceof Deno.KvU64 && mark.value > 0n;
}

Deno.test("revokeUserSessions() ends and marks every session of the user, past one batch", async () => {
  using kv = await Deno.openKv(":memory:");
  const mine: string[] = [];
  for (let i = 0; i < 250; i++) mine.push((await createSession(kv, { ...STAFF, userId: "u1" })).id);
  const other = (await createSession(kv, { ...STAFF, userId: "u2" })).id;

  assert.equal(await revokeUserSessions(kv, "u1"), 250);
  for (const id of [mine[0]!, mine[123]!, mine[249]!]) {
    assert.equal(await getSession(kv, id), null);
    assert.equal(await isMarkedRevoked(kv, id), true);
  }
  assert.equal((await getSession(kv, other))?.userId, "u2");
  assert.equal(await isMarkedRevoked(kv, other), false);
  assert.equal(await revokeUserSessions(kv, "u1"), 0);
});

Deno.test("deleteSession() marks only that session revoked", async () => {
  using kv = await Deno.openKv(":memory:");
  const signedOut = (await createSession(kv, { ...STAFF, userId: "u1" })).id;
  const kept = (await createSession(kv, { ...STAFF, userId: "u1" })).id;
  await deleteSession(kv, signedOut);
  assert.equal(await getSession(kv, signedOut), null);
  assert.equal(await isMarkedRevoked(kv, signedOut), true);
  assert.equal(await isMarkedRevoked(kv, kept), false);
  assert.equal(await revokeUserSessions(kv, "u1"), 1, "the index lost the signed-out session");
});
