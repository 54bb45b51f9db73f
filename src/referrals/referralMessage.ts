import type { Service } from "../engine/directory.js";
import type { Locale, Translate } from "../engine/types.js";

/**
 * What the person is sent when a counselor refers them: the service's name, what it offers, how
 * to reach it (its `reach` text, else its number, else the no-number line pointing to 111) and
 * what to bring when the directory says so. All from flows/directory.yaml, in the person's language.
 */
export function referralMessage(t: Translate, locale: Locale, service: Service): string {
  const lines = [
    t(locale, "referral:message.lead"),
    service.name[locale],
    t(locale, "referral:message.offers", { about: service.about[locale] }),
    service.reach
      ? t(locale, "referral:message.reach", { reach: service.reach[locale] })
      : service.phone
        ? t(locale, "referral:message.phone", { phone: service.phone })
        : t(locale, "referral:message.no_phone"),
  ];
  if (service.bring) lines.push(t(locale, "referral:message.bring", { bring: service.bring[locale] }));
  lines.push(t(locale, "referral:message.close"));
  return lines.join("\n");
}
