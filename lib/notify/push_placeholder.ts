import type { NotifyChannel } from "./channel.ts";

/**
 * PLACEHOLDER until the web-push channel (lib/notify/push_channel.ts, another change) lands:
 * `notify:push` must have a handler, and without push subscriptions nobody can be reached.
 */
export const pushPlaceholderChannel: NotifyChannel = {
  name: "push",
  send: () => Promise.resolve({ status: "SKIPPED", reason: "web push is not built yet" }),
};
