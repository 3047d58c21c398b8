import { z } from "zod";

export const MAX_CHAT_LENGTH = 1_000;

const Content = z.string({ error: "Write a message" }).trim()
  .min(1, "Write a message")
  .max(MAX_CHAT_LENGTH, `A message may be at most ${MAX_CHAT_LENGTH} characters`);

/** `POST /api/queue/webchat/send`: the customer names their ticket, staff name the entry. */
export const CustomerSendSchema = z.object({
  sessionId: z.string().regex(/^[A-Za-z0-9_-]{32}$/, "Not a ticket link"),
  content: Content,
}).strict();

export const StaffSendSchema = z.object({
  entryId: z.uuid("Not an entry id"),
  content: Content,
}).strict();

export const MAX_TEMPLATES = 20;
export const MAX_TEMPLATE_LENGTH = 200;

/** The quick replies staff pick on the board, in order. */
export const ChatTemplatesSchema = z.object({
  templates: z.array(
    z.string().trim().min(1, "A quick message cannot be empty")
      .max(MAX_TEMPLATE_LENGTH, `A quick message may be at most ${MAX_TEMPLATE_LENGTH} characters`),
  ).max(MAX_TEMPLATES, `At most ${MAX_TEMPLATES} quick messages`),
}).strict();

export type ChatTemplatesInput = z.infer<typeof ChatTemplatesSchema>;

/** The settings form sends one message per line; blank lines are dropped. */
export function templatesFromLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
}
