/** After a crash: the direct message a claim's key marks, if the platform can find it (in the person's DM channel otherwise). */
import type { Messenger, PersonRef, PersonRepository } from '../ports.js';

export async function findDirectMessage(
  messenger: Messenger,
  people: Pick<PersonRepository, 'prefs'>,
  person: PersonRef,
  key: string,
): Promise<string | undefined> {
  if (messenger.findDirect) return messenger.findDirect(person, key);
  const channelId = (await people.prefs(person)).dmChannelId;
  if (channelId === undefined || !messenger.findPosted) return undefined;
  return messenger.findPosted({ platform: person.platform, channelId }, key);
}
