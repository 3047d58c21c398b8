/**
 * The process's own counters for `/metrics`: plain maps updated in O(1) per request, read only
 * when Prometheus scrapes. Labels are route patterns, never raw paths, so their number is bounded
 * by the routes of the app.
 */

/** Request duration buckets, in seconds (Prometheus' defaults, a little finer at the fast end). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

interface Histogram {
  route: string;
  method: string;
  counts: number[];
  sum: number;
  count: number;
}

const requests = new Map<string, { route: string; method: string; status: number; n: number }>();
const durations = new Map<string, Histogram>();
const notifications = new Map<string, { channel: string; status: string; n: number }>();

/** Counts one answered request under its route pattern. */
export function observeRequest(route: string, method: string, status: number, seconds: number) {
  const key = `${method} ${status} ${route}`;
  const r = requests.get(key);
  if (r) r.n++;
  else requests.set(key, { route, method, status, n: 1 });
  const hkey = `${method} ${route}`;
  let h = durations.get(hkey);
  if (!h) {
    h = { route, method, counts: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 };
    durations.set(hkey, h);
  }
  h.sum += seconds;
  h.count++;
  for (let i = 0; i < DURATION_BUCKETS.length; i++) {
    if (seconds <= DURATION_BUCKETS[i]!) {
      h.counts[i]!++;
      break;
    }
  }
}

/** Counts one notification attempt's outcome (SENT, DELIVERED, FAILED…) on its channel. */
export function countNotification(channel: string, status: string): void {
  const key = `${channel} ${status}`;
  const n = notifications.get(key);
  if (n) n.n++;
  else notifications.set(key, { channel, status, n: 1 });
}

export function requestCounts() {
  return [...requests.values()];
}

/** Histograms with cumulative bucket counts, as Prometheus exposes them. */
export function requestDurations() {
  return [...durations.values()].map((h) => {
    let running = 0;
    return {
      route: h.route,
      method: h.method,
      buckets: h.counts.map((n, i) => ({ le: DURATION_BUCKETS[i]!, n: running += n })),
      sum: h.sum,
      count: h.count,
    };
  });
}

export function notificationCounts() {
  return [...notifications.values()];
}
