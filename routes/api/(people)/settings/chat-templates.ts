import { Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { isFormPost, readBody, validate } from "../../../../lib/http/input.ts";
import { getChatTemplates, updateChatTemplates } from "../../../../lib/chat/chat_templates.ts";
import { ChatTemplatesSchema, templatesFromLines } from "../../../../lib/chat/chat_schema.ts";

/**
 * `/api/settings/chat-templates`: the quick chat replies staff pick on the board (OWNER, ADMIN).
 * `PUT` takes `{ templates: string[] }`; the settings page's form posts one per line.
 */
const app = new Hono<StaffEnv>();

app.get("/", async function getChatTemplatesRoute(c) {
  return c.json({ templates: await getChatTemplates(c.get("scope")) });
});

app.put("/", async function putChatTemplatesRoute(c) {
  const input = validate(ChatTemplatesSchema, await readBody(c));
  return c.json({ templates: await updateChatTemplates(c.get("scope"), input) });
});

/** The settings page's form: one message per line, then back to the page. */
app.post("/", async function postChatTemplatesForm(c) {
  const body = await readBody(c);
  const lines = typeof body.templates === "string" ? templatesFromLines(body.templates) : [];
  const input = validate(ChatTemplatesSchema, { templates: lines });
  await updateChatTemplates(c.get("scope"), input);
  return isFormPost(c)
    ? c.redirect("/dashboard/settings?saved=chat-templates#chat-templates", 303)
    : c.json({ templates: input.templates });
});

export default app;
