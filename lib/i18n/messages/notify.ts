/**
 * The messages sent to customers (SMS, WhatsApp, email, push, web chat). `*.text` is the SMS:
 * in English and Malay GSM-7 only (no curly quotes, no emoji), so a segment holds 160 characters;
 * Chinese goes out as UCS-2 (70 characters a segment), so its texts are short.
 */
import { defineMessages } from "../catalogue.ts";

export const notifyMessages = defineMessages("notify", {
  en: {
    "joined.title": "You're in the queue: {ticket}",
    "joined.text":
      "{tenant}: you're in the queue, ticket {ticket}. We'll tell you when it's your turn. {url}",
    "reminder.title": "Still in the queue: {ticket}",
    "reminder.text": "{tenant}: ticket {ticket} is still in the queue. See your place: {url}",
    "almost.title": "Almost your turn: {ticket}",
    "almost.text":
      "{tenant}: almost your turn ({ahead} ahead), ticket {ticket}. Please come back now. {url}",
    "called.title": "It's your turn: {ticket}",
    "called.text":
      "{tenant}: it's your turn! Ticket {ticket}, please come to the counter now. {url}",
    "requeued.title": "Back in the queue: {ticket}",
    "requeued.text":
      "{tenant}: ticket {ticket} is back in the queue. We'll tell you when it's your turn. {url}",
    "no_show.title": "We missed you: {ticket}",
    "no_show.text":
      "{tenant}: we called ticket {ticket} but missed you. Please see the staff. {url}",
    "cancelled.title": "Ticket cancelled: {ticket}",
    "cancelled.text": "{tenant}: ticket {ticket} was cancelled by the staff. {url}",
    "chat.title": "Message from {tenant}",
  },
  ms: {
    "joined.title": "Anda dalam giliran: {ticket}",
    "joined.text":
      "{tenant}: anda dalam giliran, tiket {ticket}. Kami maklumkan bila tiba giliran anda. {url}",
    "reminder.title": "Masih dalam giliran: {ticket}",
    "reminder.text": "{tenant}: tiket {ticket} masih dalam giliran. Lihat tempat anda: {url}",
    "almost.title": "Hampir giliran anda: {ticket}",
    "almost.text":
      "{tenant}: hampir giliran anda ({ahead} di depan), tiket {ticket}. Sila kembali sekarang. {url}",
    "called.title": "Giliran anda: {ticket}",
    "called.text": "{tenant}: giliran anda! Tiket {ticket}, sila datang ke kaunter sekarang. {url}",
    "requeued.title": "Kembali dalam giliran: {ticket}",
    "requeued.text":
      "{tenant}: tiket {ticket} kembali dalam giliran. Kami maklumkan bila tiba giliran anda. {url}",
    "no_show.title": "Kami terlepas anda: {ticket}",
    "no_show.text":
      "{tenant}: kami memanggil tiket {ticket} tetapi anda tiada. Sila jumpa kakitangan. {url}",
    "cancelled.title": "Tiket dibatalkan: {ticket}",
    "cancelled.text": "{tenant}: tiket {ticket} telah dibatalkan oleh kakitangan. {url}",
    "chat.title": "Mesej daripada {tenant}",
  },
  zh: {
    "joined.title": "您已排队：{ticket}",
    "joined.text": "{tenant}：您已排队，号码 {ticket}。轮到您时会通知您。{url}",
    "reminder.title": "仍在排队：{ticket}",
    "reminder.text": "{tenant}：号码 {ticket} 仍在排队。查看位置：{url}",
    "almost.title": "快轮到您了：{ticket}",
    "almost.text": "{tenant}：快轮到您了（前面还有 {ahead} 组），号码 {ticket}，请现在回来。{url}",
    "called.title": "轮到您了：{ticket}",
    "called.text": "{tenant}：轮到您了！号码 {ticket}，请现在到柜台。{url}",
    "requeued.title": "重新排队：{ticket}",
    "requeued.text": "{tenant}：号码 {ticket} 已重新排队。轮到您时会通知您。{url}",
    "no_show.title": "我们错过了您：{ticket}",
    "no_show.text": "{tenant}：我们叫了号码 {ticket}，但您不在。请找工作人员。{url}",
    "cancelled.title": "号码已取消：{ticket}",
    "cancelled.text": "{tenant}：号码 {ticket} 已被工作人员取消。{url}",
    "chat.title": "来自 {tenant} 的消息",
  },
});
