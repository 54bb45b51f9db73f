// The console's HTTP client: one method per API call (docs/api.md), typed with the shared DTOs.
// Only types are imported from the shared schemas, so the page bundle carries no zod.
import type {
  ApiError,
  ChatMessageDto,
  Colleague,
  ConsoleTexts,
  ConversationDetailDto,
  HeldListDto,
  HistoryPage,
  NoteDto,
  PublicCounselor,
  QueueDto,
  SessionDto,
} from "../../shared/consoleDto.js";
import type { HelpDto } from "../../shared/helpAtHand.js";

/** What a call answered: the body on success, the status and error otherwise. */
export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; error: ApiError["error"] | undefined };

/** Thin fetch wrapper: same-origin cookie, CSRF header on state-changing calls, JSON in and out. */
export class ConsoleApi {
  /** Set after sign-in; sent as `x-csrf-token` on every state-changing request. */
  csrf = "";

  async call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (method !== "GET") headers["x-csrf-token"] = this.csrf;
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        credentials: "same-origin",
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      return { ok: false, status: 0, error: undefined }; // offline: the caller keeps what was typed
    }
    const json = res.status === 204 ? undefined : await res.json().catch(() => undefined);
    if (res.ok) return { ok: true, value: json as T };
    return { ok: false, status: res.status, error: (json as ApiError | undefined)?.error };
  }

  texts(lang: string) {
    return this.call<ConsoleTexts>("GET", `/console/api/texts/${lang}`);
  }
  me() {
    return this.call<SessionDto>("GET", "/console/api/me");
  }
  login(email: string, password: string) {
    return this.call<SessionDto>("POST", "/console/api/login", { email, password });
  }
  logout() {
    return this.call<void>("POST", "/console/api/logout");
  }
  setAvailable(available: boolean) {
    return this.call<{ counselor: PublicCounselor }>("POST", "/console/api/availability", { available });
  }
  queue() {
    return this.call<QueueDto>("GET", "/console/api/queue");
  }
  held() {
    return this.call<HeldListDto>("GET", "/console/api/conversations");
  }
  detail(id: string, lang: string) {
    return this.call<ConversationDetailDto>("GET", `/console/api/conversations/${id}?lang=${lang}`);
  }
  claim(id: string) {
    return this.call<{ conversation: { id: string } }>("POST", `/console/api/conversations/${id}/claim`);
  }
  reply(id: string, text: string) {
    return this.call<{ message: ChatMessageDto }>("POST", `/console/api/conversations/${id}/messages`, {
      text,
    });
  }
  addNote(id: string, text: string) {
    return this.call<{ note: NoteDto }>("POST", `/console/api/conversations/${id}/notes`, { text });
  }
  transfer(id: string, counselorId: string | undefined) {
    return this.call<{ conversation: { id: string } }>(
      "POST",
      `/console/api/conversations/${id}/transfer`,
      counselorId ? { counselorId } : {},
    );
  }
  close(id: string, outcome: string) {
    return this.call<{ conversation: { id: string } }>("POST", `/console/api/conversations/${id}/close`, {
      outcome,
    });
  }
  /** This counselor has read the chat up to message `upTo` (unread counts survive a reload). */
  markRead(id: string, upTo: string) {
    return this.call<void>("POST", `/console/api/conversations/${id}/read`, { upTo });
  }
  /** Closed conversations, newest first (`query` without `status`, e.g. "from=2026-03-01&risk=high"). */
  history(query: URLSearchParams) {
    query.set("status", "closed");
    return this.call<HistoryPage>("GET", `/console/api/conversations?${query.toString()}`);
  }
  /** Canned replies and the services that suit which signs, in one language. */
  help(lang: string) {
    return this.call<HelpDto>("GET", `/console/api/help/${lang}`);
  }
  colleagues() {
    return this.call<{ counselors: Colleague[] }>("GET", "/console/api/counselors");
  }
}
