import { z } from "zod";
import { SessionIdSchema } from "../queue/queue_schema.ts";

/** Bytes of a base64url string (padding tolerated), or null when it is not one. */
function base64UrlBytes(value: string): number | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return null;
  const bare = value.replace(/=+$/, "");
  if (bare.length % 4 === 1) return null;
  return Math.floor((bare.length * 3) / 4);
}

/** The browser's `PushSubscription.toJSON()`: where to send, and the keys to encrypt to. */
export const PushSubscriptionSchema = z.object({
  endpoint: z.string().url("Not a valid URL").max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    // An uncompressed P-256 point (RFC 8291 §3.2): 65 bytes.
    p256dh: z.string().max(100).refine((v) => base64UrlBytes(v) === 65, "Not a P-256 public key"),
    // The authentication secret: 16 bytes.
    auth: z.string().max(40).refine((v) => base64UrlBytes(v) === 16, "Not a 16-byte secret"),
  }),
});

export type PushSubscriptionInput = z.infer<typeof PushSubscriptionSchema>;

/** `POST /api/queue/push/subscribe`: the customer's ticket (by its session id) and browser. */
export const PushSubscribeSchema = z.object({
  sessionId: SessionIdSchema,
  subscription: PushSubscriptionSchema,
});

export type PushSubscribeInput = z.infer<typeof PushSubscribeSchema>;
