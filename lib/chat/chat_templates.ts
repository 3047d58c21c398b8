import { recordAction } from "../audit/record.ts";
import { withTenant } from "../db/transaction_repo.ts";
import type { TenantScope } from "../scope.ts";
import { findChatTemplates, saveChatTemplates } from "./chat_repo.ts";
import type { ChatTemplatesInput } from "./chat_schema.ts";

/** What a tenant starts with until it edits them in settings. */
export const DEFAULT_CHAT_TEMPLATES: readonly string[] = [
  "Your table is ready",
  "5 more minutes",
  "Please come to the counter",
];

/** The tenant's quick chat replies, in the order staff see them. */
export function getChatTemplates(scope: TenantScope): Promise<string[]> {
  return withTenant(scope.db, scope.tenantId, async (trx) => {
    return await findChatTemplates(trx) ?? [...DEFAULT_CHAT_TEMPLATES];
  });
}

/** Replaces the tenant's quick replies (audited). An empty list removes them all. */
export function updateChatTemplates(
  scope: TenantScope,
  input: ChatTemplatesInput,
): Promise<string[]> {
  return withTenant(scope.db, scope.tenantId, async (trx) => {
    const saved = await saveChatTemplates(trx, scope.tenantId, input.templates);
    await recordAction(trx, scope.tenantId, scope.actor, {
      action: "settings.chat-templates",
      resource: "chat_templates",
      resourceId: scope.tenantId,
      details: { count: saved.length },
    });
    return saved;
  });
}
