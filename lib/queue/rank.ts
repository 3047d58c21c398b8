export const RANK_STEP = 1024;

/**
 * The rank that places an entry just before `beforeId` (or last when null) among the other
 * waiting entries; null when the neighbours are too close and the line must be renumbered.
 */
export function rankBefore(
  others: ReadonlyArray<{ id: string; sortRank: number }>,
  beforeId: string | null,
): number | null {
  if (beforeId === null) return (others.at(-1)?.sortRank ?? 0) + RANK_STEP;
  const index = others.findIndex((e) => e.id === beforeId);
  if (index < 0) throw new Error("rankBefore() needs beforeId among the others");
  const next = others[index]!.sortRank;
  const prev = index === 0 ? next - 2 * RANK_STEP : others[index - 1]!.sortRank;
  const mid = (prev + next) / 2;
  return mid - prev > 1e-6 && next - mid > 1e-6 ? mid : null;
}
