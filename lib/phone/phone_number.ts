/**
 * Phones as people type them and as providers send them. A web join keeps the number as typed
 * (digits, with a leading `+` when there was one: `normalizePhone`), so a Malaysian customer's
 * "012-345 6789" is stored as `0123456789`, while Twilio and Meta speak E.164 (`+60123456789`).
 * These two helpers let each side find the other: the international form to send to, and the
 * forms a stored entry may have for a number that arrives international.
 */

/** The E.164 form of a stored phone, reading a number without `+` as one of `callingCode`. */
export function internationalPhone(phone: string, callingCode: string): string {
  if (phone.startsWith("+")) return phone;
  const digits = phone.replace(/\D/g, "");
  if (digits.startsWith("00")) return `+${digits.slice(2)}`;
  if (digits.startsWith("0")) return `+${callingCode}${digits.slice(1)}`;
  // Written with the country's code but without the `+` (60123456789): already international.
  if (digits.startsWith(callingCode) && digits.length - callingCode.length >= 9) {
    return `+${digits}`;
  }
  return `+${callingCode}${digits}`;
}

/** One phone, to look up wherever it may be stored. */
export interface PhoneLookup {
  /** The E.164 form (conversations and providers use it). */
  international: string;
  /** Every form a web join may have stored it in, the international one first. */
  forms: string[];
}

/** The forms of `phone` (stored or international) that stand for the same number. */
export function phoneLookup(phone: string, callingCode: string): PhoneLookup {
  const international = internationalPhone(phone, callingCode);
  const forms = [international];
  const prefix = `+${callingCode}`;
  if (international.startsWith(prefix)) {
    const national = international.slice(prefix.length);
    forms.push(`0${national}`, national, international.slice(1));
  } else {
    forms.push(`00${international.slice(1)}`, international.slice(1));
  }
  if (!forms.includes(phone)) forms.push(phone);
  return { international, forms };
}
