import { Router } from "express";
import { z } from "zod";
import { hasRole } from "../handoff/roles.js";
import { HttpError, parseWith } from "../http/httpError.js";
import type { ConversationRepository } from "../store/conversationRepository.js";
import type { ReadMarkRepository } from "../store/readMarks.js";
import { signedCounselor } from "./consoleRoutes.js";

const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const readBody = z
  .object({ upTo: z.string().regex(/^\d{1,15}$/, { error: "upTo is a message id" }) })
  .strict();

/**
 * `POST /console/api/conversations/:id/read {upTo}`: the signed-in counselor has read this chat up
 * to message `upTo`, so its unread count (in `GET /console/api/conversations`) and the tab title
 * stay right after a reload. For the chat's holder, supervisors, and anyone while it waits.
 */
export function readRoutes(deps: {
  conversations: Pick<ConversationRepository, "accessOf">;
  readMarks: Pick<ReadMarkRepository, "markRead">;
}): Router {
  const api = Router();
  api.post("/conversations/:id/read", async (req, res) => {
    const { id } = parseWith(idParams, req.params, "conversation id");
    const { upTo } = parseWith(readBody, req.body ?? {});
    const me = signedCounselor(res);
    const c = await deps.conversations.accessOf(id);
    if (!c) throw new HttpError(404, "not_found", "No conversation has this id (it may have been erased).");
    if (c.status !== "waiting" && c.assignedTo !== me.id && !hasRole(me.role, "supervisor"))
      throw new HttpError(403, "forbidden", "This chat is held by another counselor.");
    await deps.readMarks.markRead(me.id, id, Number(upTo));
    res.status(204).end();
  });
  return api;
}
