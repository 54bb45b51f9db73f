/** What the whole message signals about how to read a danger phrase in it. */
export interface MessageCues {
  /** Laughter or a joking emoticon: "=))", "haha", "lol", "😂". */
  laughing: boolean;
  /**
   * The message says the danger is over and the person safe, and nothing says it goes on
   * (`resolved` and `ongoing` in flows/risk/scope.yaml; read by the scope, not here).
   */
  resolved?: boolean;
}

// Laughter as people type it in Vietnamese and English chat; crying ("huhu", "😭") is not laughter.
const LAUGHTER =
  /(=\)+|:\)\)+|:v\b|\b(?:ha){2,}\b|\b(?:hi){2,}\b|\b(?:he){2,}\b|\blol\b|\blmao\b|\bhihi\b|😂|🤣|🤭|😆|😜|😝|😹)/iu;
// "kkk" is laughter typed in lower case; "KK Park" is a scam compound in Myanmar.
const KKK = /\bkk+\b(?!\s*park)/u;

/** Reads the cues of one message. Pure. */
export function cuesOf(text: string): MessageCues {
  return { laughing: LAUGHTER.test(text) || KKK.test(text) };
}
