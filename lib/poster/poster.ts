import QRCode from "qrcode";
import { type Locale, LOCALES } from "../i18n/locales.ts";
import { screenMessages } from "../i18n/messages/screens.ts";

/** The address a queue's poster sends customers to: its public page with the join form. */
export function queueJoinUrl(origin: string, queueId: string): string {
  return `${origin}/queue/${queueId}`;
}

/** Error correction M (15%): survives a smudge or a fold, still coarse enough to scan from afar. */
const QR_OPTIONS = { errorCorrectionLevel: "M", margin: 2 } as const;

/** The QR code of `url` as an SVG document (black modules on white, a 2-module quiet zone). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...QR_OPTIONS, type: "svg" });
}

/** The QR code of `url` as a PNG, `width` pixels square. */
export async function qrPng(url: string, width = 1024): Promise<Uint8Array<ArrayBuffer>> {
  const buffer = await QRCode.toBuffer(url, { ...QR_OPTIONS, type: "png", width });
  return Uint8Array.from(buffer);
}

/** The poster's languages: the tenant's own first, then the others. */
export function posterLocales(tenantDefault: string | null): Locale[] {
  const first = LOCALES.find((l) => l === tenantDefault) ?? "en";
  return [first, ...LOCALES.filter((l) => l !== first)];
}

export interface PosterText {
  locale: Locale;
  scan: string;
  steps: string;
  noApp: string;
  orVisit: string;
}

export function posterTexts(locales: Locale[]): PosterText[] {
  return locales.map((locale) => {
    const t = screenMessages.for(locale);
    return {
      locale,
      scan: t("poster.scan"),
      steps: t("poster.steps"),
      noApp: t("poster.noApp"),
      orVisit: t("poster.orVisit"),
    };
  });
}

function xml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/**
 * The whole poster as one A4 SVG (millimetre units): the business, the queue, the QR code and
 * the call to scan in each language, for print shops and screens that take an image.
 */
export async function posterSvg(
  poster: { tenantName: string; queueName: string; url: string; texts: PosterText[] },
): Promise<string> {
  const qr = (await qrSvg(poster.url)).replace(
    /^<svg /,
    '<svg x="40" y="70" width="130" height="130" ',
  );
  const lines = poster.texts.map((t, i) =>
    `<text x="105" y="${220 + i * 12}" font-size="${i === 0 ? 9 : 7}" text-anchor="middle"${
      i === 0 ? ' font-weight="bold"' : ""
    } lang="${t.locale}">${xml(t.scan)}</text>`
  ).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" font-family="Helvetica, Arial, 'Noto Sans CJK SC', sans-serif">` +
    `<rect width="210" height="297" fill="#ffffff"/>` +
    `<text x="105" y="35" font-size="14" font-weight="bold" text-anchor="middle">${
      xml(poster.tenantName)
    }</text>` +
    `<text x="105" y="52" font-size="10" text-anchor="middle">${xml(poster.queueName)}</text>` +
    qr + lines +
    `<text x="105" y="${
      220 + poster.texts.length * 12 + 8
    }" font-size="5" text-anchor="middle" fill="#334155">${xml(poster.url)}</text></svg>`;
}
