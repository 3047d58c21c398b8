import { z } from "zod";
import { boardViewKey } from "../kv/keys.ts";

/** How a staff member likes the board: roomy cards, or one line per party on a busy night. */
export const BOARD_VIEWS = ["cards", "list"] as const;
export type BoardView = typeof BOARD_VIEWS[number];

export const BoardViewSchema = z.object({
  view: z.enum(BOARD_VIEWS, { error: "Choose the cards or the list view" }),
  /** The board the choice was made on, to go back to (forms only). */
  queueId: z.uuid("Not a queue id").optional(),
});

/** The view this person chose last (cards until they choose). */
export async function getBoardView(
  kv: Deno.Kv,
  who: { tenantId: string; userId: string },
): Promise<BoardView> {
  const stored = await kv.get<string>(boardViewKey(who.tenantId, who.userId));
  const parsed = z.enum(BOARD_VIEWS).safeParse(stored.value);
  return parsed.success ? parsed.data : "cards";
}

/** Remembers the view for this person, on every device they sign in on. */
export async function setBoardView(
  kv: Deno.Kv,
  who: { tenantId: string; userId: string },
  view: BoardView,
): Promise<void> {
  await kv.set(boardViewKey(who.tenantId, who.userId), view);
}
