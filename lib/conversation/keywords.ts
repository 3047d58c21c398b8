import type { Locale } from "../i18n/locales.ts";

/**
 * What a customer's WhatsApp or SMS message asks for. Keywords are read case- and
 * accent-insensitively (NFKD, marks dropped, full-width digits folded), in English, Malay and
 * Chinese; a keyword of one language also says which language to answer in (STATUS, spelled
 * the same in English and Malay, says nothing about it).
 */
export type Intent =
  | { kind: "join"; partySize: number | null }
  | { kind: "status" }
  | { kind: "cancel" }
  | { kind: "help" }
  | { kind: "stop" }
  | { kind: "start" }
  | { kind: "number"; value: number }
  | { kind: "text"; text: string };

export interface Reading {
  intent: Intent;
  /** The language of the keyword, when it has one. */
  locale: Locale | null;
}

/** Upper case, no accents, one space between words, full-width forms folded. */
export function normalizeKeyword(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").replace(/\s+/gu, " ").trim()
    .toUpperCase();
}

const JOIN: Record<string, Locale> = {
  JOIN: "en",
  QUEUE: "en",
  MASUK: "ms",
  SERTAI: "ms",
  BERATUR: "ms",
  "排队": "zh",
  "排隊": "zh",
  "加入": "zh",
};
const WORDS: Record<string, [Exclude<Intent["kind"], "join" | "number" | "text">, Locale | null]> =
  {
    STATUS: ["status", null],
    SEMAK: ["status", "ms"],
    "状态": ["status", "zh"],
    "狀態": ["status", "zh"],
    "查询": ["status", "zh"],
    CANCEL: ["cancel", "en"],
    BATAL: ["cancel", "ms"],
    "取消": ["cancel", "zh"],
    HELP: ["help", "en"],
    INFO: ["help", "en"],
    BANTUAN: ["help", "ms"],
    TOLONG: ["help", "ms"],
    "帮助": ["help", "zh"],
    "幫助": ["help", "zh"],
    // Twilio's own opt-out words (CANCEL aside: here it leaves the queue), and ours.
    STOP: ["stop", "en"],
    STOPALL: ["stop", "en"],
    UNSUBSCRIBE: ["stop", "en"],
    END: ["stop", "en"],
    QUIT: ["stop", "en"],
    OPTOUT: ["stop", "en"],
    REVOKE: ["stop", "en"],
    BERHENTI: ["stop", "ms"],
    "退订": ["stop", "zh"],
    "停止": ["stop", "zh"],
    // Twilio's opt-in words, and ours.
    START: ["start", "en"],
    UNSTOP: ["start", "en"],
    YES: ["start", "en"],
    MULA: ["start", "ms"],
    "开始": ["start", "zh"],
    "開始": ["start", "zh"],
  };

/** Reads one message. `JOIN 4`, `join4`, `排队 4` and `Masuk 2` carry a party size. */
export function readMessage(text: string): Reading {
  const norm = normalizeKeyword(text).replace(/[.!?。！？]+$/u, "");
  if (/^[0-9]{1,3}$/.test(norm)) {
    return { intent: { kind: "number", value: Number(norm) }, locale: null };
  }
  const join = norm.match(/^(\p{L}+) ?([0-9]{1,3})?$/u);
  if (join && JOIN[join[1]!]) {
    const size = join[2] ? Number(join[2]) : null;
    return { intent: { kind: "join", partySize: size }, locale: JOIN[join[1]!]! };
  }
  const word = WORDS[norm];
  if (word) return { intent: { kind: word[0] } as Intent, locale: word[1] };
  return { intent: { kind: "text", text: text.trim() }, locale: null };
}
