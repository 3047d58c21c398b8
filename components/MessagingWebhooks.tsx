import type { messagingWebhooks } from "../lib/conversation/webhook_urls.ts";

/**
 * Where Meta and Twilio send customers' messages: the URLs and the verify token to paste into
 * their consoles, so customers can queue by WhatsApp or SMS (JOIN, STATUS, CANCEL, HELP).
 */
export function MessagingWebhooks(
  { hooks }: { hooks: ReturnType<typeof messagingWebhooks> },
) {
  const code = "block break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm";
  return (
    <section class="mt-6 rounded-xl bg-white p-4 shadow-sm" id="messaging">
      <h2 class="mb-2 text-lg font-bold">Queue by WhatsApp or SMS</h2>
      <p class="mb-3 text-sm text-slate-600">
        Customers send JOIN (or JOIN 4 for a party of four), STATUS, CANCEL or HELP to your WhatsApp
        or SMS number; MASUK, BATAL and 排队, 取消 work too. Enter the numbers above, then paste
        these into Meta's and Twilio's consoles.
      </p>
      <dl class="grid gap-2 text-sm">
        <dt class="font-medium">WhatsApp callback URL (Meta: WhatsApp → Configuration)</dt>
        <dd>
          <code class={code} data-testid="whatsapp-webhook-url">{hooks.whatsappUrl}</code>
        </dd>
        <dt class="font-medium">WhatsApp verify token</dt>
        <dd>
          {hooks.whatsappVerifyToken
            ? (
              <code class={code} data-testid="whatsapp-verify-token">
                {hooks.whatsappVerifyToken}
              </code>
            )
            : <span>not set (WHATSAPP_VERIFY_TOKEN)</span>}
        </dd>
        <dt class="font-medium">SMS webhook (Twilio: the number's "A message comes in", POST)</dt>
        <dd>
          <code class={code} data-testid="sms-webhook-url">{hooks.smsUrl}</code>
        </dd>
      </dl>
      {(!hooks.whatsappReady || !hooks.smsReady) && (
        <ul class="mt-3 text-sm text-amber-800">
          {!hooks.whatsappReady && (
            <li>
              WhatsApp messages are not received yet (WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN)
            </li>
          )}
          {!hooks.smsReady && <li>SMS messages are not received yet (TWILIO_AUTH_TOKEN)</li>}
        </ul>
      )}
    </section>
  );
}
