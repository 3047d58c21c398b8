import type { EntryRow } from "../../lib/queue/entry_repo.ts";
import type { QueueRow } from "../../lib/queue/queue_repo.ts";

/** A queue's row as the read model takes it: open all day, five minutes a party. */
export const sampleQueue: QueueRow = {
  id: "q1",
  merchantId: "m1",
  name: "Front",
  description: null,
  isActive: true,
  acceptingCustomers: true,
  maxCapacity: 100,
  averageServiceTime: 5,
  allowCancellation: true,
  requireConfirmation: false,
  ticketPrefix: "A",
  businessHoursStart: "00:00",
  businessHoursEnd: "24:00",
  callTimeoutMinutes: 5,
};

/** Party `n` of `sampleQueue`, waiting, ranked `n × 1024`; `over` changes any field. */
export function sampleEntry(n: number, over: Partial<EntryRow> = {}): EntryRow {
  return {
    id: `e${n}`,
    queueId: "q1",
    customerName: `Guest ${n}`,
    customerPhone: `01${String(n).padStart(8, "0")}`,
    partySize: 2,
    notes: null,
    status: "waiting",
    sessionId: `s${n}`,
    ticketNumber: `A00${n}`,
    sortRank: n * 1024,
    verificationCode: "1234",
    joinedAt: new Date(2026, 10, 30, 18, n % 60),
    calledAt: null,
    confirmedAt: null,
    serviceTypeId: null,
    version: 1,
    platform: "web",
    ...over,
  };
}
