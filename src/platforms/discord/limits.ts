/**
 * Discord's message limits. discord.js's builders check single fields but not the totals of a
 * message, so every message is measured here before it is sent.
 */
import { embedLength, type APIEmbed } from 'discord.js';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  threadName: 100,
  nonce: 25,
} as const;

/** The characters Discord counts toward the 6000 of a message's embeds (discord.js's own count, per embed). */
export function embedsSize(embeds: readonly APIEmbed[]): number {
  return embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
}

/** True when a message body is within every limit Discord enforces on its own. */
export function withinLimits(message: { readonly content?: string; readonly embeds: readonly APIEmbed[] }): boolean {
  if ((message.content?.length ?? 0) > LIMITS.content) return false;
  if (message.embeds.length > LIMITS.embeds || embedsSize(message.embeds) > LIMITS.embedTotal) return false;
  return message.embeds.every(
    (e) =>
      (e.title?.length ?? 0) <= LIMITS.title &&
      (e.description?.length ?? 0) <= LIMITS.description &&
      (e.footer?.text.length ?? 0) <= LIMITS.footer &&
      (e.fields?.length ?? 0) <= LIMITS.fields &&
      (e.fields ?? []).every((f) => f.name.length <= LIMITS.fieldName && f.value.length <= LIMITS.fieldValue),
  );
}
