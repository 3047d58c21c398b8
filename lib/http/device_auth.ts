import type { Context } from "hono";
import { authenticateDevice, type DeviceKind, type DeviceRow } from "../devices/devices.ts";
import { screenMessages } from "../i18n/messages/screens.ts";
import type { Locale } from "../i18n/locales.ts";
import type { TenantEnv } from "./app_env.ts";
import { readCookie, writeCookie } from "./cookies.ts";
import { HttpError } from "./errors.ts";

/** The cookie a TV display or kiosk keeps its secret in (host-only, HttpOnly). */
export const DEVICE_COOKIE: Record<DeviceKind, string> = {
  display: "qms_display",
  kiosk: "qms_kiosk",
};

/** A device link lasts until revoked; the browser forgets the cookie after 400 days at most. */
const COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;

/** The live device this browser is, or a 401 saying how to connect it (no staff session needed). */
export async function requireDevice(
  c: Context<TenantEnv>,
  kind: DeviceKind,
  locale: Locale,
): Promise<DeviceRow> {
  const secret = readCookie(c, DEVICE_COOKIE[kind]);
  const device = await authenticateDevice(c.get("deps").db, c.get("tenant").id, kind, secret);
  if (!device) {
    throw new HttpError(401, screenMessages.for(locale)("device.notConnected"), {
      code: "device_not_connected",
    });
  }
  return device;
}

/** Opens a device link: keeps its secret in the cookie, or refuses a revoked or unknown one. */
export async function connectDevice(
  c: Context<TenantEnv>,
  kind: DeviceKind,
  secret: string | undefined,
  locale: Locale,
): Promise<DeviceRow> {
  const device = await authenticateDevice(c.get("deps").db, c.get("tenant").id, kind, secret);
  if (!device || !secret) {
    throw new HttpError(401, screenMessages.for(locale)("device.notConnected"), {
      code: "device_not_connected",
    });
  }
  writeCookie(c, DEVICE_COOKIE[kind], secret, COOKIE_MAX_AGE_S);
  return device;
}
