import type { Context } from "hono";
import type { AppEnv } from "./app_env.ts";
import { readCookie, writeCookie } from "./cookies.ts";

const COOKIE = "qms_tickets";
const MAX = 5;
const SESSION_ID = /^[A-Za-z0-9_-]{32}$/;

/** Session ids of the queue entries this browser joined on this host, newest first. */
export function readRememberedTickets<E extends AppEnv>(c: Context<E>): string[] {
  const raw = readCookie(c, COOKIE) ?? "";
  return raw.split(".").filter((s) => SESSION_ID.test(s)).slice(0, MAX);
}

/** Remembers a joined entry so the phone finds its place again from the tenant's home page. */
export function rememberTicket<E extends AppEnv>(c: Context<E>, sessionId: string): void {
  const ids = [sessionId, ...readRememberedTickets(c).filter((s) => s !== sessionId)].slice(0, MAX);
  writeCookie(c, COOKIE, ids.join("."), 60 * 60 * 24);
}
