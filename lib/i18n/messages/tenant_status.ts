/** What a customer sees on a tenant's host while the platform has it suspended. */
import { defineMessages } from "../catalogue.ts";

export const tenantStatusMessages = defineMessages("tenant_status", {
  en: {
    "unavailable": "This venue is temporarily unavailable. Please try again later.",
  },
  ms: {
    "unavailable": "Premis ini tidak tersedia buat sementara waktu. Sila cuba lagi nanti.",
  },
  zh: {
    "unavailable": "该商家暂时无法使用，请稍后再试。",
  },
});
