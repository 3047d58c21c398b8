import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";

/** POSTs the join as JSON; the answer's body, or its message and field errors. */
async function postJoin(url: string, body: unknown) {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({}));
    return { ok: res.ok, data, error: typeof data?.error === "string" ? data.error : "" };
  } catch {
    return { ok: false, data: {}, error: "" };
  }
}

export interface KioskWords {
  title: string;
  name: string;
  phone: string;
  party: string;
  fewer: string;
  more: string;
  submit: string;
  ticket: string;
  /** With `{position}`. */
  position: string;
  /** With `{minutes}`. */
  wait: string;
  scan: string;
  done: string;
  /** With `{seconds}`. */
  reset: string;
  closed: string;
  failed: string;
}

export interface KioskProps {
  queues: Array<{ id: string; name: string; acceptingCustomers: boolean }>;
  joinUrl: string;
  idleMs: number;
  words: KioskWords;
}

interface Ticket {
  ticketNumber: string;
  position: number | null;
  estimatedWaitTime: number;
  statusUrl: string;
  qrSvg: string;
}

const BIG_INPUT =
  "mt-2 block w-full rounded-2xl border-2 border-slate-300 bg-white px-5 py-4 text-3xl";

/**
 * The kiosk at the door: one big form, then the ticket with a QR code of its status link for the
 * customer's phone. Any screen clears itself after `idleMs` without a touch, so the next person
 * never sees the last one's name or number.
 */
export default function Kiosk({ queues, joinUrl, idleMs, words }: KioskProps) {
  const open = queues.filter((q) => q.acceptingCustomers);
  const queueId = useSignal(open[0]?.id ?? "");
  const name = useSignal("");
  const phone = useSignal("");
  const party = useSignal(2);
  const busy = useSignal(false);
  const error = useSignal("");
  const fields = useSignal<Record<string, string>>({});
  const ticket = useSignal<Ticket | null>(null);
  const left = useSignal(Math.ceil(idleMs / 1000));
  const lastTouch = useRef(Date.now());
  const nameInput = useRef<HTMLInputElement>(null);

  function reset() {
    name.value = "";
    phone.value = "";
    party.value = 2;
    error.value = "";
    fields.value = {};
    ticket.value = null;
    queueId.value = open[0]?.id ?? "";
    lastTouch.current = Date.now();
  }

  useEffect(() => {
    const touched = () => (lastTouch.current = Date.now());
    const events = ["pointerdown", "keydown", "input"];
    for (const e of events) document.addEventListener(e, touched, true);
    const timer = setInterval(() => {
      const idle = Date.now() - lastTouch.current;
      left.value = Math.max(0, Math.ceil((idleMs - idle) / 1000));
      const dirty = ticket.value || name.value || phone.value || party.value !== 2 || error.value;
      if (idle >= idleMs && dirty) reset();
    }, 250);
    return () => {
      clearInterval(timer);
      for (const e of events) document.removeEventListener(e, touched, true);
    };
  }, [idleMs]);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy.value) return;
    busy.value = true;
    error.value = "";
    const res = await postJoin(joinUrl, {
      queueId: queueId.value,
      customerName: name.value,
      customerPhone: phone.value,
      partySize: party.value,
    });
    busy.value = false;
    lastTouch.current = Date.now();
    if (res.ok) {
      fields.value = {};
      ticket.value = res.data.ticket as Ticket;
      return;
    }
    error.value = res.error || words.failed;
    fields.value = res.data?.fields ?? {};
  }

  if (ticket.value) {
    const t = ticket.value;
    return (
      <section class="mx-auto max-w-3xl text-center" data-testid="kiosk-ticket">
        <h2 class="text-3xl font-semibold text-slate-700">{words.ticket}</h2>
        <p
          class="mt-2 text-9xl font-black tabular-nums text-indigo-800"
          data-testid="kiosk-ticket-number"
        >
          {t.ticketNumber}
        </p>
        {t.position !== null && (
          <p class="mt-4 text-3xl">
            {words.position.replace("{position}", String(t.position))} ·{" "}
            {words.wait.replace("{minutes}", String(t.estimatedWaitTime))}
          </p>
        )}
        <div
          class="kiosk-qr mx-auto mt-6 w-72 bg-white p-2"
          role="img"
          aria-label={t.statusUrl}
          data-testid="kiosk-qr"
          // deno-lint-ignore react-no-danger -- SVG made by the QR library on the server
          dangerouslySetInnerHTML={{ __html: t.qrSvg }}
        />
        <p class="mt-4 text-2xl text-slate-700">{words.scan}</p>
        <button
          type="button"
          onClick={reset}
          class="mt-8 min-h-20 w-full rounded-2xl bg-indigo-700 px-8 py-5 text-3xl font-bold text-white"
        >
          {words.done}
        </button>
        <p class="mt-4 text-xl text-slate-600" data-testid="kiosk-countdown">
          {words.reset.replace("{seconds}", String(left.value))}
        </p>
      </section>
    );
  }

  if (open.length === 0) return <p class="text-center text-3xl">{words.closed}</p>;

  const fieldError = (k: string) =>
    fields.value[k] && (
      <p id={`kiosk-${k}-error`} class="mt-1 text-xl text-red-800">{fields.value[k]}</p>
    );
  return (
    <form
      onSubmit={submit}
      class="mx-auto grid max-w-3xl gap-6"
      data-testid="kiosk-form"
      novalidate
    >
      {error.value && (
        <p role="alert" class="rounded-2xl bg-red-50 px-5 py-4 text-2xl text-red-800">
          {error.value}
        </p>
      )}
      {open.length > 1 && (
        <fieldset class="grid gap-3 sm:grid-cols-2">
          <legend class="sr-only">{words.title}</legend>
          {open.map((q) => (
            <label
              key={q.id}
              class={`flex min-h-20 items-center gap-3 rounded-2xl border-2 px-5 text-2xl font-semibold ${
                queueId.value === q.id
                  ? "border-indigo-700 bg-indigo-50"
                  : "border-slate-300 bg-white"
              }`}
            >
              <input
                type="radio"
                name="queueId"
                value={q.id}
                checked={queueId.value === q.id}
                onChange={() => (queueId.value = q.id)}
                class="h-8 w-8"
              />
              {q.name}
            </label>
          ))}
        </fieldset>
      )}
      <div>
        <label for="kiosk-name" class="text-2xl font-semibold">{words.name}</label>
        <input
          id="kiosk-name"
          ref={nameInput}
          name="customerName"
          autocomplete="off"
          maxLength={100}
          value={name.value}
          onInput={(e) => (name.value = (e.target as HTMLInputElement).value)}
          aria-invalid={fields.value.customerName ? "true" : undefined}
          aria-describedby={fields.value.customerName ? "kiosk-customerName-error" : undefined}
          class={BIG_INPUT}
        />
        {fieldError("customerName")}
      </div>
      <div>
        <label for="kiosk-phone" class="text-2xl font-semibold">{words.phone}</label>
        <input
          id="kiosk-phone"
          name="customerPhone"
          type="tel"
          inputMode="tel"
          autocomplete="off"
          value={phone.value}
          onInput={(e) => (phone.value = (e.target as HTMLInputElement).value)}
          aria-invalid={fields.value.customerPhone ? "true" : undefined}
          aria-describedby={fields.value.customerPhone ? "kiosk-customerPhone-error" : undefined}
          class={BIG_INPUT}
        />
        {fieldError("customerPhone")}
      </div>
      <div>
        <span id="kiosk-party-label" class="text-2xl font-semibold">{words.party}</span>
        <div class="mt-2 flex items-center gap-4" role="group" aria-labelledby="kiosk-party-label">
          <button
            type="button"
            aria-label={words.fewer}
            onClick={() => (party.value = Math.max(1, party.value - 1))}
            class="h-20 w-20 rounded-2xl bg-slate-200 text-5xl font-bold text-slate-900"
          >
            −
          </button>
          <output
            class="w-24 text-center text-6xl font-bold tabular-nums"
            data-testid="kiosk-party"
            aria-live="polite"
          >
            {party.value}
          </output>
          <button
            type="button"
            aria-label={words.more}
            onClick={() => (party.value = Math.min(20, party.value + 1))}
            class="h-20 w-20 rounded-2xl bg-slate-200 text-5xl font-bold text-slate-900"
          >
            +
          </button>
        </div>
        {fieldError("partySize")}
      </div>
      <button
        type="submit"
        disabled={busy.value}
        class="min-h-24 rounded-2xl bg-indigo-700 px-8 py-6 text-4xl font-bold text-white disabled:opacity-60"
      >
        {words.submit}
      </button>
    </form>
  );
}
