/**
 * Replies to customers who queue by WhatsApp or SMS (lib/conversation/). Plain text, short, no
 * curly quotes in English and Malay (an SMS stays GSM-7), the link at the end.
 */
import { defineMessages } from "../catalogue.ts";

export const conversationMessages = defineMessages("conversation", {
  en: {
    help:
      "{tenant}: send JOIN to queue (JOIN 4 for a party of 4), STATUS for your place, CANCEL to leave the queue, STOP for no more messages.",
    "ask.name": "{tenant}: what name should we call out? Reply with your name.",
    "ask.queue": "{tenant}: which queue? Reply with its number:\n{list}",
    "ask.queue.again": "Reply with a number from 1 to {count}.",
    joined:
      "{tenant}: you're in {queue}, ticket {ticket}. Place {position}, about {wait} min. Live status: {url}",
    already:
      "{tenant}: you already have ticket {ticket} in {queue}. Place {position}, about {wait} min. {url}",
    "status.waiting":
      "{tenant}: ticket {ticket} in {queue}: place {position}, about {wait} min. {url}",
    "status.called": "{tenant}: ticket {ticket}: it's your turn, please come to the counter. {url}",
    "status.none": "{tenant}: you have no place in a queue. Send JOIN to join.",
    cancelled: "{tenant}: ticket {ticket} is cancelled. Send JOIN to queue again.",
    "cancel.refused":
      "{tenant}: this queue takes no cancellations by message; please tell the staff.",
    "refused.closed": "{tenant}: no queue is open right now. Please try again later.",
    "refused.not_accepting": "{tenant}: {queue} is not taking new customers right now.",
    "refused.outside_hours": "{tenant}: {queue} is open from {opens} to {closes}.",
    "refused.queue_full": "{tenant}: {queue} is full right now. Please try again later.",
    "refused.party_size":
      "{tenant}: a party is 1 to 20 people. Send JOIN and a number, e.g. JOIN 4.",
    stopped: "{tenant}: you will get no more messages from us. Send START to get them again.",
    started: "{tenant}: messages are back on. Send HELP for what you can do.",
  },
  ms: {
    help:
      "{tenant}: hantar MASUK untuk beratur (MASUK 4 untuk 4 orang), STATUS untuk giliran anda, BATAL untuk keluar, STOP untuk henti mesej.",
    "ask.name": "{tenant}: nama apa yang patut kami panggil? Balas dengan nama anda.",
    "ask.queue": "{tenant}: barisan yang mana? Balas dengan nombornya:\n{list}",
    "ask.queue.again": "Balas dengan nombor dari 1 hingga {count}.",
    joined:
      "{tenant}: anda dalam {queue}, tiket {ticket}. Giliran {position}, kira-kira {wait} min. Status: {url}",
    already:
      "{tenant}: anda sudah ada tiket {ticket} dalam {queue}. Giliran {position}, kira-kira {wait} min. {url}",
    "status.waiting":
      "{tenant}: tiket {ticket} dalam {queue}: giliran {position}, kira-kira {wait} min. {url}",
    "status.called": "{tenant}: tiket {ticket}: giliran anda, sila ke kaunter sekarang. {url}",
    "status.none": "{tenant}: anda tiada dalam barisan. Hantar MASUK untuk beratur.",
    cancelled: "{tenant}: tiket {ticket} dibatalkan. Hantar MASUK untuk beratur semula.",
    "cancel.refused":
      "{tenant}: barisan ini tidak menerima pembatalan melalui mesej; sila beritahu staf.",
    "refused.closed": "{tenant}: tiada barisan dibuka sekarang. Sila cuba lagi nanti.",
    "refused.not_accepting": "{tenant}: {queue} tidak menerima pelanggan baru sekarang.",
    "refused.outside_hours": "{tenant}: {queue} dibuka dari {opens} hingga {closes}.",
    "refused.queue_full": "{tenant}: {queue} penuh sekarang. Sila cuba lagi nanti.",
    "refused.party_size":
      "{tenant}: satu kumpulan ialah 1 hingga 20 orang. Hantar MASUK dan nombor, cth. MASUK 4.",
    stopped:
      "{tenant}: anda tidak akan menerima mesej lagi. Hantar START untuk menerimanya semula.",
    started: "{tenant}: mesej dihidupkan semula. Hantar BANTUAN untuk pilihan anda.",
  },
  zh: {
    help:
      "{tenant}：发送「排队」取号（「排队 4」为4位），「状态」查看位置，「取消」离开队列，STOP 停止接收消息。",
    "ask.name": "{tenant}：我们叫号时该怎么称呼您？请回复您的名字。",
    "ask.queue": "{tenant}：请选择队列，回复编号：\n{list}",
    "ask.queue.again": "请回复 1 到 {count} 之间的编号。",
    joined:
      "{tenant}：您已加入{queue}，号码 {ticket}。第 {position} 位，约等 {wait} 分钟。实时状态：{url}",
    already: "{tenant}：您已有{queue}的号码 {ticket}。第 {position} 位，约等 {wait} 分钟。{url}",
    "status.waiting": "{tenant}：{queue}号码 {ticket}：第 {position} 位，约等 {wait} 分钟。{url}",
    "status.called": "{tenant}：号码 {ticket}：轮到您了，请到柜台。{url}",
    "status.none": "{tenant}：您目前没有排队。发送「排队」取号。",
    cancelled: "{tenant}：号码 {ticket} 已取消。发送「排队」可重新取号。",
    "cancel.refused": "{tenant}：此队列不接受消息取消，请告知店员。",
    "refused.closed": "{tenant}：目前没有开放的队列，请稍后再试。",
    "refused.not_accepting": "{tenant}：{queue}暂不接受新顾客。",
    "refused.outside_hours": "{tenant}：{queue}的营业时间为 {opens} 至 {closes}。",
    "refused.queue_full": "{tenant}：{queue}已满，请稍后再试。",
    "refused.party_size": "{tenant}：人数为 1 至 20 位。请发送「排队」加人数，例如「排队 4」。",
    stopped: "{tenant}：您将不再收到我们的消息。发送 START 可重新接收。",
    started: "{tenant}：已恢复接收消息。发送「帮助」查看可用指令。",
  },
});

export type ConversationKey = keyof typeof conversationMessages.messages.en;
