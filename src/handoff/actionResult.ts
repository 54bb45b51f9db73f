import type { ConversationDetailDto } from "../shared/consoleDto.js";
import type { ConversationRecord } from "../store/conversationRecord.js";

/** Expected outcomes of a console action, mapped to HTTP statuses by the routes. */
export type ActionResult<T = ConversationRecord> =
  | { type: "ok"; value: T }
  | { type: "not_found" }
  | { type: "forbidden"; message: string }
  | { type: "conflict"; code: string; message: string }
  | { type: "invalid"; message: string };

/** The full view of one conversation for the console (the shape is in consoleDto). */
export type ConversationDetail = Omit<ConversationDetailDto, "earlier">;
