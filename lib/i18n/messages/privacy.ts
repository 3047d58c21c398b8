/** The customers' privacy note (`/privacy`) and the link to it at the foot of their pages. */
import { defineMessages } from "../catalogue.ts";

export const privacyMessages = defineMessages("privacy", {
  en: {
    "footer.link": "Privacy",
    "title": "Privacy at {venue}",
    "held":
      "When you join a queue we keep your name, phone number, party size, any notes, the times you joined and were called, and the messages sent to you.",
    "why": "We use them only to run the queue and tell you when it is your turn.",
    "retention.one":
      "Finished visits, chat messages and notification records are deleted after {count} month. Only counts without your details are kept for statistics.",
    "retention.other":
      "Finished visits, chat messages and notification records are deleted after {count} months. Only counts without your details are kept for statistics.",
    "rights":
      "To see what we hold about you, or to have it erased, ask the staff of {venue} with the phone number you joined with.",
  },
  ms: {
    "footer.link": "Privasi",
    "title": "Privasi di {venue}",
    "held":
      "Apabila anda menyertai giliran, kami menyimpan nama, nombor telefon, saiz kumpulan, sebarang nota, masa anda menyertai dan dipanggil, serta mesej yang dihantar kepada anda.",
    "why":
      "Kami menggunakannya hanya untuk mengurus giliran dan memberitahu anda apabila tiba giliran anda.",
    "retention.one":
      "Lawatan yang selesai, mesej sembang dan rekod pemberitahuan dipadam selepas {count} bulan. Hanya kiraan tanpa butiran anda disimpan untuk statistik.",
    "retention.other":
      "Lawatan yang selesai, mesej sembang dan rekod pemberitahuan dipadam selepas {count} bulan. Hanya kiraan tanpa butiran anda disimpan untuk statistik.",
    "rights":
      "Untuk melihat data anda atau memadamnya, minta kakitangan {venue} dengan nombor telefon yang anda gunakan.",
  },
  zh: {
    "footer.link": "隐私",
    "title": "{venue} 的隐私说明",
    "held":
      "您排队时，我们会保存您的姓名、电话号码、人数、备注、加入和叫号的时间，以及发给您的消息。",
    "why": "这些资料只用于管理排队并在轮到您时通知您。",
    "retention.one":
      "已结束的到访、聊天消息和通知记录会在 {count} 个月后删除。只保留不含您个人资料的统计数字。",
    "retention.other":
      "已结束的到访、聊天消息和通知记录会在 {count} 个月后删除。只保留不含您个人资料的统计数字。",
    "rights":
      "如需查看或删除我们保存的您的资料，请使用您排队时的电话号码向 {venue} 的工作人员提出。",
  },
});
