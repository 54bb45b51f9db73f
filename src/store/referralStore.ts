import { z } from "zod";
import { SERVICE_KINDS, type ServiceKind } from "../engine/directory.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import { REFERRAL_STATUSES, type ReferralStatus } from "../referrals/referralStatus.js";
import { type ConversationRecord, toConversation } from "./conversationRecord.js";
import type { Prisma, PrismaClient } from "./prisma.js";

/** A referral as the rest of the code sees it: parsed, no Prisma types. */
export interface Referral {
  id: string;
  /** Null once the person erased their data or the conversation passed retention. */
  conversationId: string | null;
  serviceId: string;
  serviceKind: ServiceKind;
  areaId: string | null;
  status: ReferralStatus;
  counselorId: string | null;
  /** YYYY-MM-DD in Asia/Ho_Chi_Minh, or null. */
  followUpOn: string | null;
  createdOn: string;
  createdAt: Date;
  contactedAt: Date | null;
  updatedAt: Date;
}

export interface ReferralNote {
  id: string;
  counselorId: string;
  text: string;
  at: Date;
}

/** A referral with what the follow-up list shows: the person's handle and the chat's status. */
export interface ReferralWithContext extends Referral {
  handle: string | null;
  conversationStatus: string | null;
  locale: string | null;
  notes: ReferralNote[];
}

/** What the figures need of a referral: nothing about the person. */
export interface ReferralFigure {
  serviceKind: ServiceKind;
  status: ReferralStatus;
  contacted: boolean;
}

export type DueFilter = "today" | "overdue" | "all";

const OPEN: ReferralStatus[] = ["referred", "contacted"];
const MAX_LISTED = 500;

type Row = Prisma.ReferralGetPayload<object>;

const serviceKind = z.enum(SERVICE_KINDS);
const referralStatus = z.enum(REFERRAL_STATUSES);

function toReferral(row: Row): Referral {
  return {
    id: row.id,
    conversationId: row.conversationId,
    serviceId: row.serviceId,
    serviceKind: serviceKind.parse(row.serviceKind),
    areaId: row.areaId,
    status: referralStatus.parse(row.status),
    counselorId: row.counselorId,
    followUpOn: row.followUpOn,
    createdOn: row.createdOn,
    createdAt: row.createdAt,
    contactedAt: row.contactedAt,
    updatedAt: row.updatedAt,
  };
}

/** Referrals and their notes. Notes are encrypted at rest with the data key. */
export class ReferralStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly cipher: FieldCipher,
  ) {}

  /** Records a consented referral, with its first note if any, in one transaction. */
  async create(input: {
    conversationId: string;
    serviceId: string;
    serviceKind: ServiceKind;
    areaId: string | null;
    counselorId: string;
    followUpOn: string | null;
    createdOn: string;
    at: Date;
    note?: string;
  }): Promise<Referral> {
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await tx.referral.create({
        data: {
          conversationId: input.conversationId,
          serviceId: input.serviceId,
          serviceKind: input.serviceKind,
          areaId: input.areaId,
          status: "referred",
          consent: true,
          counselorId: input.counselorId,
          followUpOn: input.followUpOn,
          createdOn: input.createdOn,
          createdAt: input.at,
          updatedAt: input.at,
        },
      });
      if (input.note)
        await tx.referralNote.create({
          data: {
            referralId: created.id,
            conversationId: input.conversationId,
            counselorId: input.counselorId,
            text: this.cipher.encrypt(input.note),
            createdAt: input.at,
          },
        });
      return created;
    });
    return toReferral(row);
  }

  /** The conversation a referral is made in: its status, who holds it and the person's language. */
  async conversation(
    id: string,
  ): Promise<Pick<ConversationRecord, "id" | "status" | "assignedTo" | "locale"> | undefined> {
    const row = await this.prisma.conversation.findUnique({ where: { id } });
    return row ? toConversation(row) : undefined;
  }

  async find(id: string): Promise<Referral | undefined> {
    const row = await this.prisma.referral.findUnique({ where: { id } });
    return row ? toReferral(row) : undefined;
  }

  /**
   * Moves a referral from `from` to `to` only if it is still in `from` (two counselors updating
   * at once: one wins, the other gets undefined). A note is kept only while the referral is
   * linked to its conversation (it is about the person, and goes when they erase their data).
   */
  async move(
    id: string,
    from: ReferralStatus,
    to: ReferralStatus,
    change: { at: Date; counselorId: string; followUpOn?: string | null; note?: string },
  ): Promise<Referral | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const won = await tx.referral.updateMany({
        where: { id, status: from },
        data: {
          status: to,
          updatedAt: change.at,
          ...(to === "contacted" ? { contactedAt: change.at } : {}),
          ...(change.followUpOn !== undefined ? { followUpOn: change.followUpOn } : {}),
        },
      });
      if (won.count !== 1) return undefined;
      const row = await tx.referral.findUniqueOrThrow({ where: { id } });
      if (change.note && row.conversationId)
        await tx.referralNote.create({
          data: {
            referralId: id,
            conversationId: row.conversationId,
            counselorId: change.counselorId,
            text: this.cipher.encrypt(change.note),
            createdAt: change.at,
          },
        });
      return toReferral(row);
    });
  }

  /**
   * Referrals for the follow-up list: `today` (open, due today), `overdue` (open, due before
   * today), `all` (every referral, newest first). Capped at 500.
   */
  async list(filter: DueFilter, today: string): Promise<ReferralWithContext[]> {
    const where: Prisma.ReferralWhereInput =
      filter === "today"
        ? { status: { in: OPEN }, followUpOn: today }
        : filter === "overdue"
          ? { status: { in: OPEN }, followUpOn: { lt: today } }
          : {};
    const rows = await this.prisma.referral.findMany({
      where,
      orderBy: filter === "all" ? { createdAt: "desc" } : [{ followUpOn: "asc" }, { createdAt: "asc" }],
      take: MAX_LISTED,
      include: {
        conversation: { select: { status: true, locale: true, contact: { select: { handle: true } } } },
        notes: { orderBy: { createdAt: "asc" } },
      },
    });
    return rows.map((row) => ({
      ...toReferral(row),
      handle: row.conversation?.contact.handle ?? null,
      conversationStatus: row.conversation?.status ?? null,
      locale: row.conversation?.locale ?? null,
      notes: row.notes.map((n) => ({
        id: n.id,
        counselorId: n.counselorId,
        text: this.cipher.decrypt(n.text),
        at: n.createdAt,
      })),
    }));
  }

  /** Referrals made between two days (both included), without anything about the person. */
  async figures(from: string, to: string): Promise<ReferralFigure[]> {
    const rows = await this.prisma.referral.findMany({
      where: { createdOn: { gte: from, lte: to } },
      select: { serviceKind: true, status: true, contactedAt: true },
    });
    return rows.map((r) => ({
      serviceKind: serviceKind.parse(r.serviceKind),
      status: referralStatus.parse(r.status),
      contacted: r.contactedAt !== null,
    }));
  }
}

/**
 * Inside an erasure or retention transaction: deletes the referral notes of these conversations
 * and unlinks their referrals, which stay as anonymous rows (service kind, status, days) for the
 * figures. Explicit, like the rest of the deletion, instead of trusting ON DELETE rules.
 */
export async function forgetReferrals(
  tx: Prisma.TransactionClient,
  conversationIds: readonly string[],
): Promise<{ referralNotes: number; referrals: number }> {
  const ids = [...conversationIds];
  const notes = await tx.referralNote.deleteMany({ where: { conversationId: { in: ids } } });
  const unlinked = await tx.referral.updateMany({
    where: { conversationId: { in: ids } },
    data: { conversationId: null, counselorId: null },
  });
  return { referralNotes: notes.count, referrals: unlinked.count };
}
