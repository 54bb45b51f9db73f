/** Text keys the engine and conversation layer use directly; every locale must have them. */
export const ENGINE_TEXT_KEYS = [
  "common:retry_choice",
  "common:retry_text",
  "common:retry_help",
  "common:emoji_reply",
  "common:noted_facts",
  "common:media_unsupported",
  "common:choose_language",
  "common:language_set",
  "common:help",
  "common:talk_to_counselor",
  "common:call_lines",
  "risk:urgent",
  "risk:high",
] as const;
