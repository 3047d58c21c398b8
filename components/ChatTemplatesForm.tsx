import { MAX_TEMPLATE_LENGTH, MAX_TEMPLATES } from "../lib/chat/chat_schema.ts";

export interface ChatTemplatesFormProps {
  templates: readonly string[];
  csrfToken: string;
  saved?: boolean;
}

/** The settings page's section for the board's quick chat replies, one per line. */
export function ChatTemplatesForm({ templates, csrfToken, saved }: ChatTemplatesFormProps) {
  return (
    <section id="chat-templates" class="mt-6 rounded-xl bg-white p-4 shadow-sm">
      <h2 class="mb-2 text-lg font-bold">Quick chat messages</h2>
      <p class="mb-3 text-sm text-slate-600">
        Staff send these to a customer from the board with one tap. One message per line (at most
        {" "}
        {MAX_TEMPLATES}, each up to {MAX_TEMPLATE_LENGTH} characters).
      </p>
      {saved && <p role="status" class="mb-3 text-sm text-emerald-700">Quick messages saved.</p>}
      <form method="post" action="/api/settings/chat-templates">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <label for="f-chat-templates" class="block text-sm font-medium text-slate-700">
          Messages
        </label>
        <textarea
          id="f-chat-templates"
          name="templates"
          rows={5}
          class="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base"
        >
          {templates.join("\n")}
        </textarea>
        <button
          type="submit"
          class="mt-3 rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white"
        >
          Save quick messages
        </button>
      </form>
    </section>
  );
}
