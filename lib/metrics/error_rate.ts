/**
 * Requests and server errors (5xx) of this process per minute, for the last hour: the back
 * office's "error rate of the last hour". Per process: each process reports its own share.
 */
const MINUTES = 60;
const requests = new Float64Array(MINUTES);
const errors = new Float64Array(MINUTES);
const stamp = new Float64Array(MINUTES);

function slot(now: number): number {
  const minute = Math.floor(now / 60_000);
  const i = minute % MINUTES;
  if (stamp[i] !== minute) {
    stamp[i] = minute;
    requests[i] = 0;
    errors[i] = 0;
  }
  return i;
}

export function countResponse(status: number, now = Date.now()): void {
  const i = slot(now);
  requests[i]!++;
  if (status >= 500) errors[i]!++;
}

/** Requests and 5xx answers of the last hour, and their ratio (0 when there were none). */
export function lastHourErrors(
  now = Date.now(),
): { requests: number; errors: number; rate: number } {
  const minute = Math.floor(now / 60_000);
  let r = 0;
  let e = 0;
  for (let i = 0; i < MINUTES; i++) {
    if (minute - stamp[i]! < MINUTES) {
      r += requests[i]!;
      e += errors[i]!;
    }
  }
  return { requests: r, errors: e, rate: r === 0 ? 0 : e / r };
}
