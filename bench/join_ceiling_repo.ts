/**
 * The SQL of `bench/join_ceiling.ts`: a pgbench script that joins a queue exactly as the app's
 * join does (`join_queue_entry_as`, one statement that is its own transaction), and the lookup of
 * the queues' tenant and join terms through psql.
 */

/** The tenant and join terms of a queue, read with psql as the migration owner. */
export async function queueTermsOf(
  ownerUrl: string,
  queueId: string,
): Promise<{ tenantId: string; terms: string }> {
  const out = await new Deno.Command("psql", {
    args: [
      ownerUrl,
      "-Atc",
      `select tenant_id || '|' || queue_join_terms(q) from queues q where q.id = '${queueId}'`,
    ],
  }).output();
  const [tenantId, ...terms] = new TextDecoder().decode(out.stdout).trim().split("|");
  if (!out.success || !tenantId) throw new Error(new TextDecoder().decode(out.stderr));
  return { tenantId, terms: terms.join("|") };
}

/**
 * One pgbench script joining `queueId`: a new party with a random phone each time, its event
 * with no handlers pending (the outbox row is written as delivered, as for a join with nothing to
 * send), the tenant set by the function as in the app.
 */
export function joinScript(tenantId: string, queueId: string, terms: string): string {
  // pgbench reads ":name" as a variable, so no colon of the statement is followed by a letter or
  // a digit: the JSON has a space after each, and the terms' times get theirs from chr(58).
  const entry = JSON.stringify({
    id: "%s",
    tenantId,
    queueId,
    customerName: "Ceiling",
    customerPhone: "0%s",
    partySize: 2,
    notes: null,
    customerEmail: null,
    platform: "api",
    rankStep: 1024,
    sessionId: "%s",
    verificationCode: "1234",
    idempotencyKey: null,
    serviceTypeId: null,
    serviceDate: "%s",
    locale: "en",
    phoneForms: ["0%s"],
  }).replaceAll('":', '": ');
  const event = JSON.stringify({
    id: "%s",
    type: "entry.joined",
    tenantId,
    payload: { queueId, entryId: "x" },
    pending: [],
  }).replaceAll('":', '": ');
  const colonFree = terms.replaceAll(":", "#");
  return `\\set ph random(100000000, 999999999)
select outcome from join_queue_entry_as('${tenantId}'::uuid, '${queueId}'::uuid,
  replace('${colonFree}', '#', chr(58)), true,
  format('${entry}', gen_random_uuid(), cast(:ph as bigint), md5(random()::text), current_date,
    cast(:ph as bigint))::jsonb,
  format('${event}', gen_random_uuid())::jsonb);
`;
}

/** How many parties the script joined (each a row named "Ceiling"), read with psql. */
export async function ceilingParties(ownerUrl: string): Promise<number> {
  const out = await new Deno.Command("psql", {
    args: [ownerUrl, "-Atc", "select count(*) from queue_entries where customer_name = 'Ceiling'"],
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return Number(new TextDecoder().decode(out.stdout).trim());
}
