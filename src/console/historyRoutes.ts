import type { NextFunction, Request, Response } from "express";
import { z } from "zod";
import { HttpError, parseWith } from "../http/httpError.js";
import { type ClosedConversationDto, channelSchema, riskLevelSchema } from "../shared/consoleDto.js";
import { type ClosedConversation, decodeCursor } from "../store/conversationHistory.js";
import type { ConversationRepository } from "../store/conversationRepository.js";

/** Offset of the service's calendar days (Asia/Ho_Chi_Minh, no daylight saving). */
const VIETNAM_OFFSET = "+07:00";
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD");

const historyQuery = z
  .object({
    status: z.literal("closed"),
    from: day.optional(),
    to: day.optional(),
    risk: riskLevelSchema.optional(),
    outcome: z.string().trim().min(1).max(64).optional(),
    channel: channelSchema.optional(),
    q: z.string().trim().min(1).max(40).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

function startOfDay(date: string): Date {
  const at = new Date(`${date}T00:00:00${VIETNAM_OFFSET}`);
  if (Number.isNaN(at.getTime())) throw new HttpError(400, "invalid_request", `No such date: ${date}.`);
  return at;
}

/** History rows for the API: dates as ISO strings, the contact's id left out. */
export function toClosedDto(c: ClosedConversation): ClosedConversationDto {
  return {
    id: c.id,
    handle: c.handle,
    channel: c.channel,
    priority: c.priority,
    openedAt: c.openedAt.toISOString(),
    closedAt: c.closedAt.toISOString(),
    risk: c.risk,
    outcome: c.outcome,
    counselor: c.counselor,
  };
}

/**
 * `GET /console/api/conversations?status=closed&from&to&risk&outcome&channel&q&cursor&limit`:
 * closed conversations, newest first, `{conversations, nextCursor}`. Counselors see the chats
 * they held; supervisors and admins see all. Requests without `status=closed` go on to the
 * list of chats in progress.
 */
export function historyRoute(deps: {
  conversations: Pick<ConversationRepository, "closed">;
  /** The signed-in counselor's id, and whether they may see everyone's chats. */
  viewer: (res: Response) => { id: string; seesAll: boolean };
}) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.query.status === undefined) return next();
    const query = parseWith(historyQuery, req.query, "query");
    const from = query.from ? startOfDay(query.from) : undefined;
    const to = query.to ? new Date(startOfDay(query.to).getTime() + 86_400_000) : undefined;
    if (from && to && from >= to)
      throw new HttpError(400, "invalid_request", "`from` must be on or before `to`.");
    if (query.cursor && !decodeCursor(query.cursor))
      throw new HttpError(400, "invalid_request", "Unknown cursor: use nextCursor from the previous page.");
    const viewer = deps.viewer(res);
    const page = await deps.conversations.closed({
      limit: query.limit,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(query.risk ? { risk: query.risk } : {}),
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
      ...(query.q ? { q: query.q } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(viewer.seesAll ? {} : { counselorId: viewer.id }),
    });
    res.json({ conversations: page.conversations.map(toClosedDto), nextCursor: page.nextCursor });
  };
}
