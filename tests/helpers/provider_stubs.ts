/**
 * Real HTTP servers on loopback that stand in for the messaging providers, speaking their
 * documented shapes: Twilio's Messages API (form-encoded POST with basic auth → 201 with a JSON
 * `sid`) and the WhatsApp Cloud API (JSON POST with a Bearer token → 200
 * `{ messages: [{ id: "wamid…" }] }`). They record what they accept and fail on demand.
 */

export interface ReceivedSms {
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
  authorization: string | null;
  sid: string;
  /** When it arrived (performance.now() of this process), for latency benchmarks. */
  at: number;
}

export interface ReceivedWhatsApp {
  phoneNumberId: string;
  authorization: string | null;
  /** The request body as sent (messaging_product, to, type, text or template). */
  body: Record<string, unknown>;
  id: string;
}

export interface ProviderStub<T> {
  /** Base URL (TWILIO_API_URL / WHATSAPP_API_URL). */
  url: string;
  /** Messages accepted so far. */
  received: T[];
  /** Requests that arrived (accepted, failed or held). */
  requests(): number;
  /** The next `count` requests get a 500 (a provider outage). */
  failNext(count: number, status?: number): void;
  /** The next `count` requests get no answer until `close()` (a hung provider). */
  hangNext(count: number): void;
  /** Answers the held requests now (with a 503), as a provider that finally gives up. */
  releaseHeld(): void;
  /** Waits until `count` messages were accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  close(): Promise<void>;
}

function startStub<T>(
  accept: (req: Request, url: URL) => Promise<{ record: T; response: Response } | Response>,
): ProviderStub<T> {
  const received: T[] = [];
  let failing = 0;
  let failStatus = 500;
  let hanging = 0;
  let requests = 0;
  const held: Array<() => void> = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    requests++;
    if (hanging > 0) {
      hanging--;
      await new Promise<void>((resolve) => held.push(resolve));
      return new Response("gone", { status: 503 });
    }
    if (failing > 0) {
      failing--;
      await req.body?.cancel();
      return Response.json({ code: 20500, message: "Internal Server Error", status: failStatus }, {
        status: failStatus,
      });
    }
    const outcome = await accept(req, new URL(req.url));
    if (outcome instanceof Response) return outcome;
    received.push(outcome.record);
    return outcome.response;
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    received,
    requests: () => requests,
    failNext(count, status = 500) {
      failing = count;
      failStatus = status;
    },
    hangNext(count) {
      hanging = count;
    },
    releaseHeld() {
      for (const release of held.splice(0)) release();
    },
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `Expected ${count} messages, got ${received.length} (${requests} requests)`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return received;
    },
    async close() {
      for (const release of held.splice(0)) release();
      await server.shutdown();
    },
  };
}

/** Twilio: `POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded, basic auth. */
export function startTwilioStub(): ProviderStub<ReceivedSms> {
  let n = 0;
  return startStub<ReceivedSms>(async (req, url) => {
    const match = url.pathname.match(/^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/);
    if (req.method !== "POST" || !match) {
      return Response.json({ code: 20404, message: "Not found", status: 404 }, { status: 404 });
    }
    if (!(req.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
      return Response.json({ code: 20001, message: "Bad content type", status: 400 }, {
        status: 400,
      });
    }
    const form = new URLSearchParams(await req.text());
    const to = form.get("To") ?? "";
    if (!/^\+[0-9]{7,15}$/.test(to)) {
      return Response.json({
        code: 21211,
        message: `The 'To' number ${to} is not a valid phone number.`,
        status: 400,
      }, { status: 400 });
    }
    const sid = `SM${(++n).toString(16).padStart(32, "0")}`;
    const record: ReceivedSms = {
      to,
      from: form.get("From") ?? "",
      body: form.get("Body") ?? "",
      statusCallback: form.get("StatusCallback"),
      authorization: req.headers.get("authorization"),
      sid,
      at: performance.now(),
    };
    const response = Response.json({
      sid,
      account_sid: decodeURIComponent(match[1]!),
      to,
      from: record.from,
      body: record.body,
      status: "queued",
      num_segments: "1",
      direction: "outbound-api",
      api_version: "2010-04-01",
      error_code: null,
      error_message: null,
    }, { status: 201 });
    return { record, response };
  });
}

/** WhatsApp Cloud API: `POST /{phone-number-id}/messages`, JSON, Bearer token. */
export function startWhatsAppStub(): ProviderStub<ReceivedWhatsApp> {
  let n = 0;
  return startStub<ReceivedWhatsApp>(async (req, url) => {
    const match = url.pathname.match(/^\/([0-9]+)\/messages$/);
    if (req.method !== "POST" || !match) {
      return Response.json({ error: { message: "Unknown path", code: 100 } }, { status: 400 });
    }
    const body = await req.json() as Record<string, unknown>;
    if (body.messaging_product !== "whatsapp") {
      return Response.json({ error: { message: "messaging_product is required", code: 100 } }, {
        status: 400,
      });
    }
    const id = `wamid.HBgL${(++n).toString().padStart(12, "0")}`;
    const record: ReceivedWhatsApp = {
      phoneNumberId: match[1]!,
      authorization: req.headers.get("authorization"),
      body,
      id,
    };
    const response = Response.json({
      messaging_product: "whatsapp",
      contacts: [{ input: body.to, wa_id: body.to }],
      messages: [{ id }],
    });
    return { record, response };
  });
}

/** The words of a WhatsApp message the app sent: a free-form text, or a template's variable. */
export function whatsAppText(message: ReceivedWhatsApp): string {
  const body = message.body as {
    type?: string;
    text?: { body?: string };
    template?: { components?: Array<{ parameters?: Array<{ text?: string }> }> };
  };
  if (body.type === "text") return body.text?.body ?? "";
  return body.template?.components?.[0]?.parameters?.[0]?.text ?? "";
}
