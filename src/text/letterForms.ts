import { foldForMatch } from "./normalize.js";

/** The forms `makeToken` needs of one lower-case letter. */
interface LetterForms {
  /** `foldForMatch` of the letter: one ASCII letter. */
  fold: string;
  /** The letter decomposed (NFD) without its tone mark. */
  base: string;
  /** Its tone mark as a combining character, or "" (`markKey` puts the tones after the letters). */
  tone: string;
}

// The five Vietnamese tone marks, as `markKey` moves them to the end of a word.
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * The precomposed Latin letters (Latin-1, Latin Extended-A/B up to ư, and Latin Extended
 * Additional: every Vietnamese letter) whose forms can be read letter by letter: lower case and
 * NFC unchanged by themselves, folding to one ASCII letter. Each is checked here, at load, with
 * the same functions the general path uses, so a letter that would not give the same forms is
 * simply not in the table.
 */
const LETTERS = new Map<string, LetterForms>();
for (const [from, to] of [
  [0x61, 0x7a],
  [0xe0, 0x1b0],
  [0x1ea0, 0x1ef9],
] as const) {
  for (let code = from; code <= to; code++) {
    const letter = String.fromCharCode(code);
    if (letter.normalize("NFC") !== letter || letter.toLowerCase() !== letter || !/^\p{L}$/u.test(letter)) {
      continue;
    }
    const fold = foldForMatch(letter);
    if (!/^[a-z]$/.test(fold)) continue;
    const decomposed = letter.normalize("NFD").toLowerCase();
    const tones = decomposed.match(TONE_MARKS) ?? [];
    LETTERS.set(letter, { fold, base: decomposed.replace(TONE_MARKS, ""), tone: tones.join("") });
  }
}

/**
 * `foldForMatch(text)` and `markKey(text)` of a lower-case NFC word made only of the letters
 * above, read letter by letter from a table instead of through Unicode normalisation (most
 * Vietnamese words typed with marks); undefined when any letter is not in the table.
 */
export function precomposedWordForms(text: string): { fold: string; key: string } | undefined {
  let fold = "";
  let base = "";
  let tones = "";
  for (const letter of text) {
    const forms = LETTERS.get(letter);
    if (forms === undefined) return undefined;
    fold += forms.fold;
    base += forms.base;
    tones += forms.tone;
  }
  return { fold, key: base + tones };
}
