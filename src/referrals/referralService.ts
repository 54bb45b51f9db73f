import type { Logger } from "pino";
import type { ConversationService } from "../conversation/conversationService.js";
import type { Service, ServiceDirectory, ServiceKind } from "../engine/directory.js";
import type { Locale, Translate } from "../engine/types.js";
import type { ActionResult } from "../handoff/handoffService.js";
import type { Staff } from "../handoff/roles.js";
import { addDays, dayOf } from "../reports/calendarDay.js";
import type { StatsRecorder } from "../reports/statsRecorder.js";
import type { DueFilter, Referral, ReferralStore, ReferralWithContext } from "../store/referralStore.js";
import { referralMessage } from "./referralMessage.js";
import { canMoveReferral, nextReferralStatuses, type ReferralStatus } from "./referralStatus.js";

/** When no follow-up date is given, the referral is due this many days later. */
export const DEFAULT_FOLLOW_UP_DAYS = 7;

/** A service of the directory as the console lists it. */
export interface ListedService {
  id: string;
  name: string;
  kind: ServiceKind;
  province?: string;
}

interface Located {
  service: Service;
  areaId: string | null;
  areaName?: { vi: string; en: string };
}

export interface ReferralServiceDeps {
  store: ReferralStore;
  directory: ServiceDirectory | undefined;
  conversations: ConversationService;
  stats: StatsRecorder;
  t: Translate;
  clock: () => Date;
  logger: Logger;
}

/**
 * Referrals: a counselor refers the person in a chat they hold to a service of the directory,
 * with the person's consent; the person is sent the service's details on their own channel;
 * counselors follow the referral up through its statuses, also after the chat is closed.
 */
export class ReferralService {
  private readonly byId = new Map<string, Located>();

  constructor(private readonly deps: ReferralServiceDeps) {
    for (const service of deps.directory?.national ?? [])
      this.byId.set(service.id, { service, areaId: null });
    for (const area of deps.directory?.areas ?? [])
      for (const service of area.services)
        this.byId.set(service.id, { service, areaId: area.id, areaName: area.name });
  }

  /** Every service of the directory, national lines first, names in `lang`. */
  services(lang: Locale): ListedService[] {
    return [...this.byId.values()].map(({ service, areaName }) => ({
      id: service.id,
      name: service.name[lang],
      kind: service.kind,
      ...(areaName ? { province: areaName[lang] } : {}),
    }));
  }

  serviceName(id: string, lang: Locale): string {
    return this.byId.get(id)?.service.name[lang] ?? id;
  }

  today(): string {
    return dayOf(this.deps.clock());
  }

  /** Records a consented referral and sends the person the service's details. */
  async create(
    conversationId: string,
    staff: Staff,
    input: { serviceId: string; note?: string; followUpOn?: string },
  ): Promise<ActionResult<Referral>> {
    const located = this.byId.get(input.serviceId);
    if (!located)
      return { type: "invalid", message: "Unknown serviceId: take one from GET /console/api/services." };
    const today = this.today();
    if (input.followUpOn !== undefined && input.followUpOn < today)
      return { type: "invalid", message: "followUpOn is in the past: give today or a later day." };
    const conversation = await this.deps.store.conversation(conversationId);
    if (!conversation) return { type: "not_found" };
    if (conversation.status !== "active" || conversation.assignedTo !== staff.id)
      return {
        type: "conflict",
        code: "not_holding",
        message: "Claim this chat before referring the person: the details are sent in it.",
      };
    const referral = await this.deps.store.create({
      conversationId,
      serviceId: located.service.id,
      serviceKind: located.service.kind,
      areaId: located.areaId,
      counselorId: staff.id,
      followUpOn: input.followUpOn ?? addDays(today, DEFAULT_FOLLOW_UP_DAYS),
      createdOn: today,
      at: this.deps.clock(),
      ...(input.note ? { note: input.note } : {}),
    });
    this.deps.stats.referralCreated(located.service.kind);
    const locale = conversation.locale;
    await this.deps.conversations.sendToUser(
      conversationId,
      { text: referralMessage(this.deps.t, locale, located.service) },
      "counselor",
      staff.id,
    );
    this.deps.logger.info({ referralId: referral.id, kind: referral.serviceKind }, "referral recorded");
    return { type: "ok", value: referral };
  }

  /** Moves a referral along the transition table; an illegal move is a conflict. */
  async move(
    id: string,
    staff: Staff,
    input: { status: ReferralStatus; note?: string; followUpOn?: string | null },
  ): Promise<ActionResult<Referral>> {
    const current = await this.deps.store.find(id);
    if (!current) return { type: "not_found" };
    if (!canMoveReferral(current.status, input.status))
      return {
        type: "conflict",
        code: "illegal_transition",
        message: `A referral that is ${current.status} cannot become ${input.status}. Allowed: ${
          nextReferralStatuses(current.status).join(", ") || "none (final)"
        }.`,
      };
    const moved = await this.deps.store.move(id, current.status, input.status, {
      at: this.deps.clock(),
      counselorId: staff.id,
      ...(input.followUpOn !== undefined ? { followUpOn: input.followUpOn } : {}),
      ...(input.note ? { note: input.note } : {}),
    });
    if (!moved)
      return {
        type: "conflict",
        code: "conflict",
        message: "Someone else updated this referral at the same moment; reload and try again.",
      };
    this.deps.stats.referralMoved(moved.status, moved.serviceKind);
    return { type: "ok", value: moved };
  }

  list(filter: DueFilter): Promise<ReferralWithContext[]> {
    return this.deps.store.list(filter, this.today());
  }
}
