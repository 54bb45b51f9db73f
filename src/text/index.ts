// Vietnamese text handling for matching: normalisation, shorthand, phrases, scope.
export { deletionVariants, withinOneEdit } from "./editDistance.js";
export { foldForMatch, hasMarks, lowerWithMarks, markKey } from "./normalize.js";
export {
  compilePhrases,
  MIN_TYPO_LENGTH,
  type PhraseEntry,
  type PhraseMatch,
  type PhraseMatcher,
  wordMatches,
} from "./phraseMatcher.js";
export { MAX_GAP, type PatternElement, parsePhrase } from "./phrasePattern.js";
export {
  type CompiledScope,
  compileScope,
  type MatchScope,
  type ScopeRules,
  scopeRulesSchema,
} from "./scope.js";
export {
  buildShorthandTable,
  expandShorthand,
  prepareTokens,
  type ShorthandEntry,
  type ShorthandFile,
  type ShorthandTable,
  shorthandFileSchema,
} from "./shorthand.js";
export { makeToken, parseNumber, type Token, tokenize } from "./tokenize.js";
