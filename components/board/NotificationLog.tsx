import { useState } from "preact/hooks";
import { postJson } from "./board_client.ts";

interface LogRow {
  id: string;
  channel: string;
  topic: string | null;
  attempt: number;
  status: string;
  errorMessage: string | null;
  sentAt: string;
  delivery: string | null;
}

const STATUS_CLASS: Record<string, string> = {
  SENT: "text-emerald-700",
  DELIVERED: "text-emerald-700",
  SENDING: "text-slate-500",
  FAILED: "text-rose-700",
  BOUNCED: "text-rose-700",
};

/**
 * What the party was told, read when staff open it (the board's page stays light), with
 * "Resend" for the last message. The queue comes from the board's address
 * (/dashboard/queues/:id).
 */
export function NotificationLog({ entryId }: { entryId: string }) {
  const [rows, setRows] = useState<LogRow[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const base = () => {
    const queueId = location.pathname.split("/")[3] ?? "";
    return `/api/queues/${queueId}/entries/${entryId}/notifications`;
  };
  async function load() {
    const res = await fetch(base(), { headers: { accept: "application/json" } }).catch(() => null);
    if (!res?.ok) return setNote("Could not load the messages");
    setRows((await res.json()).notifications);
  }
  async function resend() {
    const result = await postJson(`${base()}/resend`);
    setNote(result.ok ? "Sending again…" : result.error);
    if (result.ok) setTimeout(load, 1500);
  }
  return (
    <details
      class="mt-1 text-sm"
      onToggle={(ev) => (ev.currentTarget as HTMLDetailsElement).open && load()}
    >
      <summary class="cursor-pointer text-slate-500">Messages</summary>
      {rows && rows.length === 0 && <p class="text-slate-500">Nothing sent yet.</p>}
      {rows && rows.length > 0 && (
        <ul class="mt-1 space-y-0.5" data-testid="notification-log">
          {rows.map((r) => (
            <li key={r.id}>
              <span class="font-medium">{r.topic ?? "message"}</span> · {r.channel.toLowerCase()}
              {" · "}
              <span class={STATUS_CLASS[r.status] ?? ""}>{r.status.toLowerCase()}</span>
              {r.attempt > 1 && ` (try ${r.attempt})`}
              {r.delivery === "dead" && r.status === "FAILED" && " · gave up"}
              {r.errorMessage && <span class="block text-xs text-slate-500">{r.errorMessage}</span>}
            </li>
          ))}
        </ul>
      )}
      {rows && rows.length > 0 && (
        <button type="button" class="mt-1 text-indigo-700 underline" onClick={resend}>
          Resend the last message
        </button>
      )}
      {note && <p role="status" class="text-slate-600">{note}</p>}
    </details>
  );
}
