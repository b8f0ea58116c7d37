/** Which Avro records a topic carries, from the registered domains and views: an export's columns follow from them. */
import { domains } from '../../domains';
import { BadRequestError } from '../../platform/errors';
import { readModels } from '../../read-models/registry';

/** The record subjects of `topic` (its name without TOPIC_PREFIX); BadRequestError for a topic of no Avro records. */
export function subjectsOfTopic(topic: string): string[] {
  const [family, kind] = [topic.slice(0, topic.indexOf('.')), topic.slice(topic.indexOf('.') + 1)];
  if (family === 'views') {
    const subject = readModels.find((model) => model.view === kind)?.viewSubject;
    if (subject !== undefined) return [subject];
  }
  const domain = domains.find((candidate) => candidate.name === family);
  const subject = (name: string) => `${domain!.namespace}.${name}`;
  if (domain !== undefined) {
    switch (kind) {
      case 'events':
        return domain.eventNames.map(subject);
      case 'commands':
        return domain.commandNames.map(subject);
      case 'outcomes':
        return ['eventline.CommandOutcome'];
      case 'snapshots':
        return [subject(domain.snapshotRecord), 'eventline.HandlerPosition'];
    }
  }
  throw new BadRequestError(`${topic} carries no Avro records to export (an events, commands, outcomes, snapshots or views topic, or a view's name)`);
}

/** A view's name (`store_stats`) as its topic (`views.store_stats`); anything else unchanged. */
export function topicOfViewName(name: string): string {
  return readModels.some((model) => model.view === name) ? `views.${name}` : name;
}
