const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** `bytes` random bytes as base64url without padding. */
export function randomToken(bytes = 24): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** `buf` as base64url without padding. */
export function base64url(buf: Uint8Array): string {
  const a = BASE64URL;
  let out = "";
  let i = 0;
  for (; i + 2 < buf.length; i += 3) {
    const n = (buf[i]! << 16) | (buf[i + 1]! << 8) | buf[i + 2]!;
    out += a[n >> 18]! + a[(n >> 12) & 63]! + a[(n >> 6) & 63]! + a[n & 63]!;
  }
  if (i < buf.length) {
    const n = (buf[i]! << 16) | ((buf[i + 1] ?? 0) << 8);
    out += a[n >> 18]! + a[(n >> 12) & 63]! + (i + 1 < buf.length ? a[(n >> 6) & 63]! : "");
  }
  return out;
}

/** A short numeric code a person can read out at the door. */
export function randomDigits(length: number): string {
  const buf = crypto.getRandomValues(new Uint32Array(length));
  return Array.from(buf, (n) => String(n % 10)).join("");
}
