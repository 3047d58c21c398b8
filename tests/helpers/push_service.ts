/**
 * A stand-in for a push service (RFC 8030) on loopback: it hands out subscriptions (it holds each
 * browser key pair, as a browser would), checks every push's VAPID authorization (RFC 8292: the
 * JWT's ES256 signature with the key in `k`, its audience and expiry), decrypts the `aes128gcm`
 * body (RFC 8291 + RFC 8188) and keeps what it received. It can fail on demand.
 */

export interface PushSubscriptionJson {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export interface ReceivedPush {
  /** Which subscription (the last path segment of its endpoint). */
  subscriptionId: string;
  /** The decrypted payload as sent. */
  text: string;
  /** The VAPID public key the JWT was signed with (`k=`). */
  vapidKey: string;
  /** The JWT's claims. */
  claims: { aud: string; exp: number; sub: string };
  ttl: string | null;
  urgency: string | null;
  /** `performance.now()` when it arrived (for latency figures, never for assertions). */
  arrivedAt: number;
}

export interface PushService {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  received: ReceivedPush[];
  /** Refused requests (a bad authorization or body): the test fails on any. */
  rejected: string[];
  /** POSTs answered, successful or not. */
  attempts(): number;
  /** A new browser subscription pointing here. */
  subscribe(): Promise<PushSubscriptionJson>;
  /**
   * Answers the next `count` pushes with `status` (500: try again; 410: unsubscribed), or never
   * answers them ("hang", until close).
   */
  failNext(count: number, status: number | "hang"): void;
  /** Waits until `count` pushes were received. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedPush[]>;
  close(): Promise<void>;
}

const enc = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replaceAll("-", "+").replaceAll("_", "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function hkdf(
  salt: Uint8Array<ArrayBuffer>,
  ikm: Uint8Array<ArrayBuffer>,
  info: Uint8Array<ArrayBuffer>,
  length: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt, info },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}

interface BrowserKeys {
  privateKey: CryptoKey;
  publicRaw: Uint8Array<ArrayBuffer>;
  auth: Uint8Array<ArrayBuffer>;
}

/** RFC 8291 §3.4 + RFC 8188: one record, its padding delimiter 0x02. */
async function decryptAes128gcm(body: Uint8Array<ArrayBuffer>, ua: BrowserKeys): Promise<string> {
  const salt = body.slice(0, 16);
  const idlen = body[20]!;
  const asPublicRaw = body.slice(21, 21 + idlen);
  const ciphertext = body.slice(21 + idlen);
  if (idlen !== 65) throw new Error(`keyid is ${idlen} bytes, not an uncompressed P-256 point`);
  const asPublic = await crypto.subtle.importKey(
    "raw",
    asPublicRaw,
    { name: "ECDH", namedCurve: "P-256" },
    false,
    [],
  );
  const shared = new Uint8Array(
    await crypto.subtle.deriveBits({ name: "ECDH", public: asPublic }, ua.privateKey, 256),
  );
  const keyInfo = concat(enc.encode("WebPush: info\0"), ua.publicRaw, asPublicRaw);
  const ikm = await hkdf(ua.auth, shared, keyInfo, 32);
  const cek = await hkdf(salt, ikm, enc.encode("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await hkdf(salt, ikm, enc.encode("Content-Encoding: nonce\0"), 12);
  const key = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["decrypt"]);
  const plain = new Uint8Array(
    await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce }, key, ciphertext),
  );
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error("no last-record padding delimiter");
  return new TextDecoder().decode(plain.slice(0, end));
}

/** RFC 8292 §2-3: `vapid t=<JWT>, k=<key>`, signed ES256 by that key, for this origin. */
async function checkVapid(
  header: string | null,
  origin: string,
): Promise<{ vapidKey: string; claims: ReceivedPush["claims"] }> {
  const match = header?.match(/^vapid t=([A-Za-z0-9_.-]+),\s*k=([A-Za-z0-9_-]+)$/);
  if (!match) throw new Error(`Authorization is not VAPID: ${header}`);
  const [, jwt, k] = match as unknown as [string, string, string];
  const [h, p, s] = jwt.split(".") as [string, string, string];
  const head = JSON.parse(new TextDecoder().decode(fromBase64url(h)));
  if (head.alg !== "ES256") throw new Error(`JWT alg ${head.alg}`);
  const key = await crypto.subtle.importKey(
    "raw",
    fromBase64url(k),
    { name: "ECDSA", namedCurve: "P-256" },
    false,
    ["verify"],
  );
  const ok = await crypto.subtle.verify(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    fromBase64url(s),
    enc.encode(`${h}.${p}`),
  );
  if (!ok) throw new Error("VAPID JWT signature does not verify");
  const claims = JSON.parse(new TextDecoder().decode(fromBase64url(p)));
  if (claims.aud !== origin) throw new Error(`JWT aud ${claims.aud}, expected ${origin}`);
  const now = Date.now() / 1000;
  if (!(claims.exp > now && claims.exp <= now + 24 * 3600)) throw new Error("JWT exp out of range");
  if (typeof claims.sub !== "string") throw new Error("JWT has no sub");
  return { vapidKey: k, claims };
}

export function startPushService(): PushService {
  const browsers = new Map<string, BrowserKeys>();
  const received: ReceivedPush[] = [];
  const rejected: string[] = [];
  const waiters: Array<() => void> = [];
  let attempts = 0;
  let failing: { count: number; status: number | "hang" } = { count: 0, status: 500 };
  const hung: Array<() => void> = [];
  let origin = "";

  async function accept(req: Request): Promise<Response> {
    const arrivedAt = performance.now();
    const url = new URL(req.url);
    const id = url.pathname.match(/^\/push\/([a-z0-9-]+)$/)?.[1];
    const browser = id ? browsers.get(id) : undefined;
    if (req.method !== "POST" || !id || !browser) return new Response(null, { status: 404 });
    attempts++;
    if (failing.count > 0) {
      failing.count--;
      if (failing.status === "hang") {
        await new Promise<void>((resolve) => hung.push(resolve));
        return new Response(null, { status: 503 });
      }
      return new Response("failing on demand", { status: failing.status });
    }
    try {
      const { vapidKey, claims } = await checkVapid(req.headers.get("authorization"), origin);
      if (req.headers.get("content-encoding") !== "aes128gcm") throw new Error("not aes128gcm");
      if (!req.headers.get("ttl")) throw new Error("no TTL header");
      const text = await decryptAes128gcm(new Uint8Array(await req.arrayBuffer()), browser);
      received.push({
        subscriptionId: id,
        text,
        vapidKey,
        claims,
        ttl: req.headers.get("ttl"),
        urgency: req.headers.get("urgency"),
        arrivedAt,
      });
      waiters.splice(0).forEach((wake) => wake());
      return new Response(null, {
        status: 201,
        headers: { location: `${origin}/message/${received.length}` },
      });
    } catch (err) {
      rejected.push(err instanceof Error ? err.message : String(err));
      return new Response("bad push", { status: 400 });
    }
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, accept);
  origin = `http://127.0.0.1:${server.addr.port}`;

  return {
    origin,
    received,
    rejected,
    attempts: () => attempts,
    async subscribe() {
      const pair = await crypto.subtle.generateKey(
        { name: "ECDH", namedCurve: "P-256" },
        true,
        ["deriveBits"],
      ) as CryptoKeyPair;
      const publicRaw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
      const auth = crypto.getRandomValues(new Uint8Array(16));
      const id = crypto.randomUUID();
      browsers.set(id, { privateKey: pair.privateKey, publicRaw, auth });
      return {
        endpoint: `${origin}/push/${id}`,
        expirationTime: null,
        keys: { p256dh: base64url(publicRaw), auth: base64url(auth) },
      };
    },
    failNext(count, status) {
      failing = { count, status };
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${received.length} of ${count} pushes arrived`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return received.slice(0, count);
    },
    close() {
      hung.splice(0).forEach((release) => release());
      return server.shutdown();
    },
  };
}
