/**
 * Masking of personal numbers and addresses in text that leaves the live chat (logs, exports,
 * reports). The counselor holding a chat sees the original; everything else sees the mask.
 *
 * Rules run in order, so a longer or more specific pattern wins over the generic bank-account
 * rule. A number glued to letters or other digits is never a match (ids such as
 * `cmf1x20240101abc`), nor is a grouped amount such as `20.000.000` or `1,000`.
 */

/** Which kind of value a mask replaced. */
export type RedactionKind = "email" | "phone" | "id_number" | "passport" | "bank_account";

/** The text shown in place of each kind of value. */
export const MASKS: Readonly<Record<RedactionKind, string>> = {
  email: "[email]",
  phone: "[phone]",
  id_number: "[id-number]",
  passport: "[passport]",
  bank_account: "[account]",
};

// Not glued to a letter or digit, and not inside a grouped number like 20.000.000 or 1,000.
const START = String.raw`(?<![\p{L}\p{N}@])(?<!\p{N}[.,])`;
const END = String.raw`(?![\p{L}\p{N}])(?![.,]\p{N})`;
// Amounts are not accounts: "20000000 đồng", "5000000vnd", "800 usd".
const NOT_AMOUNT = String.raw`(?!\s?(?:đ|đồng|dong|vnd|vnđ|usd|\$|triệu|trieu|tr|k|nghìn|ngàn|ngan|man|yên|yen|won)(?![\p{L}]))`;

interface Rule {
  kind: RedactionKind;
  pattern: RegExp;
}

const RULES: readonly Rule[] = [
  { kind: "email", pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu },
  // CCCD: 12 digits. Before phones so "0" + 11 digits is not half-read as a phone.
  { kind: "id_number", pattern: new RegExp(`${START}\\d{12}${END}`, "gu") },
  // Vietnamese phones: 0 or +84/84 then 9–10 digits, single spaces, dots or dashes allowed.
  {
    kind: "phone",
    pattern: new RegExp(`${START}(?:\\(?\\+84\\)?[\\s.-]?|0)\\d(?:[\\s.-]?\\d){8,9}${END}`, "gu"),
  },
  // CMND: 9 digits (the old identity card).
  { kind: "id_number", pattern: new RegExp(`${START}\\d{9}${END}${NOT_AMOUNT}`, "gu") },
  // Vietnamese passport: one letter and 7 digits, e.g. C1234567.
  { kind: "passport", pattern: new RegExp(`${START}[A-Za-z]\\d{7}${END}`, "gu") },
  // Whatever long digit run is left: a bank account (8–16 digits), unless it is an amount.
  { kind: "bank_account", pattern: new RegExp(`${START}\\d{8,16}${END}${NOT_AMOUNT}`, "gu") },
];

/** Options of {@link redact}. */
export interface RedactOptions {
  /**
   * Public numbers that must stay readable (hotlines from the service directory), compared
   * by their digits only, e.g. `["84981848484"]`.
   */
  keep?: readonly string[];
}

const digitsOf = (s: string) => s.replace(/\D/g, "");

/**
 * Masks phone numbers, CCCD/CMND and passport numbers, e-mail addresses and bank account
 * numbers in `text`.
 *
 * @example redact("sđt em 0912.345.678 nhé") // "sđt em [phone] nhé"
 */
export function redact(text: string, options: RedactOptions = {}): string {
  const keep = new Set((options.keep ?? []).map(digitsOf));
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, (match) => {
      if (rule.kind !== "email" && keep.has(digitsOf(match))) return match;
      return MASKS[rule.kind];
    });
  }
  return out;
}

/** True when `text` holds something {@link redact} would mask. */
export function containsPersonalData(text: string): boolean {
  return redact(text) !== text;
}

/**
 * Deep copy of a JSON-like value with every string redacted (for log objects). Cycles and
 * very deep values are cut rather than followed.
 */
export function redactDeep(
  value: unknown,
  options: RedactOptions = {},
  depth = 0,
  seen = new WeakSet<object>(),
): unknown {
  if (typeof value === "string") return redact(value, options);
  if (value === null || typeof value !== "object") return value;
  if (depth > 8 || seen.has(value)) return "[cut]";
  seen.add(value);
  if (value instanceof Error) {
    // A copy with the same prototype, so log serializers still see an Error of the same class;
    // message, stack and cause are not enumerable and are copied by hand.
    const copy = Object.create(Object.getPrototypeOf(value) as object) as Error & Record<string, unknown>;
    const hidden = (key: string, v: unknown) =>
      Object.defineProperty(copy, key, { value: v, writable: true, configurable: true });
    hidden("message", redact(value.message, options));
    if (value.stack) hidden("stack", redact(value.stack, options));
    if (value.cause !== undefined) hidden("cause", redactDeep(value.cause, options, depth + 1, seen));
    for (const [key, v] of Object.entries(value)) copy[key] = redactDeep(v, options, depth + 1, seen);
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, options, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = redactDeep(v, options, depth + 1, seen);
  return out;
}

/** A transcript line as the console or an export holds it. */
export interface TranscriptLine {
  text: string;
  [field: string]: unknown;
}

/**
 * Redacts the `text` of every line of a transcript for export (CSV, reports). Other fields
 * are copied as they are: callers pass ids, times and senders, never names.
 */
export function redactTranscript<T extends TranscriptLine>(
  lines: readonly T[],
  options: RedactOptions = {},
): T[] {
  return lines.map((line) => ({ ...line, text: redact(line.text, options) }));
}
