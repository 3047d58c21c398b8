/** Words every customer page shares: the language switcher, the way home. */
import { defineMessages } from "../catalogue.ts";

export const commonMessages = defineMessages("common", {
  en: {
    "language.label": "Language",
    "home.link": "Back to the start",
    "guests.one": "{count} guest",
    "guests.other": "{count} guests",
  },
  ms: {
    "language.label": "Bahasa",
    "home.link": "Kembali ke halaman utama",
    "guests.one": "{count} tetamu",
    "guests.other": "{count} tetamu",
  },
  zh: {
    "language.label": "语言",
    "home.link": "返回首页",
    "guests.one": "{count} 位",
    "guests.other": "{count} 位",
  },
});
