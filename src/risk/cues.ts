/** What the whole message signals about how to read a danger phrase in it. */
export interface MessageCues {
  /** Laughter or a joking emoticon: "=))", "haha", "lol", "😂". */
  laughing: boolean;
}

// Laughter as people type it in Vietnamese and English chat; crying ("huhu", "😭") is not laughter.
const LAUGHTER =
  /(=\)+|:\)\)+|:v\b|\b(?:ha){2,}\b|\b(?:hi){2,}\b|\b(?:he){2,}\b|\blol\b|\blmao\b|\bkk+\b|\bhihi\b|😂|🤣|🤭|😆|😜|😝|😹)/iu;

/** Reads the cues of one message. Pure. */
export function cuesOf(text: string): MessageCues {
  return { laughing: LAUGHTER.test(text) };
}
