/** `bytes` random bytes as base64url without padding. */
export function randomToken(bytes = 24): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...buf)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** A short numeric code a person can read out at the door. */
export function randomDigits(length: number): string {
  const buf = crypto.getRandomValues(new Uint32Array(length));
  return Array.from(buf, (n) => String(n % 10)).join("");
}
