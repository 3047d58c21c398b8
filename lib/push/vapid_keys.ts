import webpush from "web-push";
import type { Config } from "../config.ts";

/** The application server's identity towards push services (RFC 8292). */
export interface VapidKeys {
  /** Uncompressed P-256 point, base64url: the browser subscribes with it. */
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** Where development keeps its generated pair, so subscriptions survive a restart. */
export const DEV_VAPID_FILE = ".data/vapid.json";

/**
 * The VAPID pair: from the configuration when set. Without it, development generates a pair once
 * and keeps it in `file` (a new pair would orphan every saved subscription); a test run makes a
 * throwaway one; production has no push at all (returns null) rather than an unkept key.
 */
export async function resolveVapidKeys(
  config: Config,
  options: { file?: string } = {},
): Promise<VapidKeys | null> {
  const subject = config.VAPID_SUBJECT;
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY) {
    return { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY, subject };
  }
  if (config.isProduction) return null;
  if (config.NODE_ENV === "test") return { ...webpush.generateVAPIDKeys(), subject };
  const file = options.file ?? DEV_VAPID_FILE;
  const kept = await readKeptPair(file);
  if (kept) return { ...kept, subject };
  const pair = webpush.generateVAPIDKeys();
  const dir = file.replace(/\/[^/]*$/, "");
  if (dir && dir !== file) await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(file, JSON.stringify(pair, null, 2) + "\n", { mode: 0o600 });
  return { ...pair, subject };
}

async function readKeptPair(
  file: string,
): Promise<{ publicKey: string; privateKey: string } | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
  const data = JSON.parse(text) as { publicKey?: unknown; privateKey?: unknown };
  if (typeof data.publicKey !== "string" || typeof data.privateKey !== "string") {
    throw new Error(`${file} does not hold a VAPID pair; delete it to make a new one`);
  }
  return { publicKey: data.publicKey, privateKey: data.privateKey };
}
