import { Router } from "express";
import { z } from "zod";
import type { ConversationService } from "../../conversation/conversationService.js";
import { HttpError, parseWith } from "../../http/httpError.js";
import type { WebSessions } from "./webSessions.js";

/** Longest user text accepted, in characters. */
export const MAX_TEXT_LENGTH = 4000;

const createSessionBody = z.object({ locale: z.enum(["vi", "en"]).optional() }).strict();
const messageBody = z.union([
  z.object({ text: z.string(), clientMessageId: z.string().min(1).max(64).optional() }).strict(),
  z
    .object({ choice: z.string().min(1).max(64), clientMessageId: z.string().min(1).max(64).optional() })
    .strict(),
]);
const sessionParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) });
const afterQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
});

/** The anonymous web chat HTTP API of DESIGN.md. */
export function webchatRoutes(service: ConversationService, sessions: WebSessions): Router {
  const router = Router();

  const authenticate = async (rawParams: unknown, authorization: string | undefined) => {
    const { id } = parseWith(sessionParams, rawParams, "session id");
    const token = /^Bearer ([A-Za-z0-9_-]{10,128})$/.exec(authorization ?? "")?.[1];
    if (!token)
      throw new HttpError(401, "unauthorized", "Send the session token as 'Authorization: Bearer <token>'.");
    const contactId = await sessions.verify(id, token);
    if (!contactId)
      throw new HttpError(401, "unauthorized", "Unknown session or wrong token. Start a new session.");
    return { sessionId: id, contactId };
  };

  router.post("/sessions", async (req, res) => {
    const body = parseWith(createSessionBody, req.body ?? {});
    const locale = body.locale ?? "vi";
    const session = await sessions.create(locale);
    await service.handleInbound({
      channel: "webchat",
      channelUserId: session.sessionId,
      input: { type: "start" },
      at: new Date(),
      locale,
    });
    res.status(201).json({ sessionId: session.sessionId, token: session.token });
  });

  router.post("/sessions/:id/messages", async (req, res) => {
    const { sessionId } = await authenticate(req.params, req.get("authorization"));
    const body = parseWith(messageBody, req.body);
    if ("text" in body) {
      if (body.text.length > MAX_TEXT_LENGTH)
        throw new HttpError(413, "text_too_long", `Text is limited to ${MAX_TEXT_LENGTH} characters.`);
      if (body.text.trim() === "") throw new HttpError(400, "empty_text", "Text must not be empty.");
    }
    const result = await service.handleInbound({
      channel: "webchat",
      channelUserId: sessionId,
      ...(body.clientMessageId ? { externalId: `${sessionId}:${body.clientMessageId}` } : {}),
      input: "text" in body ? { type: "text", text: body.text } : { type: "choice", value: body.choice },
      at: new Date(),
    });
    if (result.status === "duplicate") {
      res.status(200).json({ messages: [], duplicate: true });
      return;
    }
    // `messageId`: the id the person's own message was stored under, so the widget can tell it
    // apart from the history it fetches (and not show it twice).
    res.status(200).json({
      messages: result.replies,
      ...(result.status === "processed" && result.inboundId ? { messageId: result.inboundId } : {}),
    });
  });

  router.get("/sessions/:id/messages", async (req, res) => {
    const { contactId } = await authenticate(req.params, req.get("authorization"));
    const { after } = parseWith(afterQuery, req.query, "query");
    const messages = await service.messagesOfContact(contactId, after ? Number(after) : 0);
    res.json({ messages });
  });

  return router;
}
