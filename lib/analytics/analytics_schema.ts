import { z } from "zod";

export const PERIODS = ["1d", "7d", "30d", "90d", "180d"] as const;
export type Period = typeof PERIODS[number];
/** The longest from/to range: a year and a leap day, with room for a late export. */
export const MAX_RANGE_DAYS = 400;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-30")
  .refine((d) =>
    !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
    new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "Use a real calendar date");

/**
 * `period=Nd` (the last N×24 hours) or `from`/`to` (local calendar days, both included). With
 * neither, the last 7 days.
 */
export const AnalyticsQuerySchema = z.object({
  period: z.enum(PERIODS, { error: `Choose a period: ${PERIODS.join(", ")}` }).optional(),
  from: day.optional(),
  to: day.optional(),
}).superRefine((v, ctx) => {
  if ((v.from === undefined) !== (v.to === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [v.from ? "to" : "from"],
      message: "Give both from and to",
    });
  } else if (v.from && v.to) {
    if (v.period) {
      ctx.addIssue({
        code: "custom",
        path: ["period"],
        message: "Give a period or from/to, not both",
      });
    }
    const days = (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000;
    if (days < 0) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "to must not be before from" });
    }
    if (days >= MAX_RANGE_DAYS) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `At most ${MAX_RANGE_DAYS} days` });
    }
  }
});

export type AnalyticsQuery = z.infer<typeof AnalyticsQuerySchema>;

export const ExportQuerySchema = z.object({
  format: z.enum(["json", "csv"], { error: "Choose a format: json or csv" }).default("json"),
}).passthrough();

export const QueueIdSchema = z.uuid({ error: "Queue not found" });
