/** How the page writes the API's numbers: the same values, with their unit. */
export function minutes(v: number | null): string {
  return v === null ? "—" : `${v} min`;
}

/** A rate of the API (a fraction to four places) as a percentage, nothing rounded away. */
export function percent(v: number | null): string {
  return v === null ? "—" : `${Math.round(v * 10_000) / 100}%`;
}

export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

export function hourLabel(h: number): string {
  return `${String(h).padStart(2, "0")}:00`;
}
