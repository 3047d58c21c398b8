import { notificationCounts, requestCounts, requestDurations } from "./registry.ts";

/** The live gauges read at scrape time. */
export interface Gauges {
  sseConnections: number;
  outboxPending: number;
  outboxDead: number;
  outboxOldestAgeSeconds: number;
  queueWaiting: Array<{ tenant: string; waiting: number }>;
}

function label(v: string | number): string {
  return String(v).replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}

function labels(pairs: Record<string, string | number>): string {
  return `{${Object.entries(pairs).map(([k, v]) => `${k}="${label(v)}"`).join(",")}}`;
}

function head(out: string[], name: string, type: string, help: string): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

/** The Prometheus text exposition format (version 0.0.4). */
export function renderPrometheus(g: Gauges): string {
  const out: string[] = [];
  head(out, "http_requests_total", "counter", "HTTP requests by route pattern, method and status.");
  for (const r of requestCounts()) {
    out.push(
      `http_requests_total${labels({ route: r.route, method: r.method, status: r.status })} ${r.n}`,
    );
  }
  head(out, "http_request_duration_seconds", "histogram", "HTTP request duration in seconds.");
  for (const h of requestDurations()) {
    const base = { route: h.route, method: h.method };
    for (const b of h.buckets) {
      out.push(`http_request_duration_seconds_bucket${labels({ ...base, le: b.le })} ${b.n}`);
    }
    out.push(`http_request_duration_seconds_bucket${labels({ ...base, le: "+Inf" })} ${h.count}`);
    out.push(`http_request_duration_seconds_sum${labels(base)} ${h.sum}`);
    out.push(`http_request_duration_seconds_count${labels(base)} ${h.count}`);
  }
  head(out, "sse_connections", "gauge", "Open event streams in this process.");
  out.push(`sse_connections ${g.sseConnections}`);
  head(out, "outbox_pending", "gauge", "Outbox events waiting for delivery.");
  out.push(`outbox_pending ${g.outboxPending}`);
  head(out, "outbox_dead", "gauge", "Outbox events that ran out of tries.");
  out.push(`outbox_dead ${g.outboxDead}`);
  head(out, "outbox_oldest_age_seconds", "gauge", "Age of the oldest pending outbox event.");
  out.push(`outbox_oldest_age_seconds ${g.outboxOldestAgeSeconds}`);
  head(out, "notifications_total", "counter", "Notification attempts by channel and outcome.");
  for (const n of notificationCounts()) {
    out.push(`notifications_total${labels({ channel: n.channel, status: n.status })} ${n.n}`);
  }
  head(out, "queue_waiting", "gauge", "Parties waiting, by tenant.");
  for (const q of g.queueWaiting) {
    out.push(`queue_waiting${labels({ tenant: q.tenant })} ${q.waiting}`);
  }
  return out.join("\n") + "\n";
}
