/**
 * How far the fan-out consumer has delivered each events partition: the offset of the last
 * event it handed to the subscriptions. An event subscription that resumes from history
 * notes these positions when it registers; every event at or below them reached the
 * subscriptions before it existed, so it must come from the history, which is complete up
 * to the history read model's checkpoint. Events after them reach the subscription live.
 */
export type Positions = ReadonlyMap<number, number>;

export class FeedPositions {
  private readonly byTopic = new Map<string, Map<number, number>>();

  /** Called for every event the consumer delivers, in offset order per partition. */
  note(topic: string, partition: number, offset: string): void {
    let partitions = this.byTopic.get(topic);
    if (partitions === undefined) this.byTopic.set(topic, (partitions = new Map()));
    partitions.set(partition, Number(offset));
  }

  /** The positions of `topic` now, by partition; partitions with nothing delivered yet are absent. */
  of(topic: string): Positions {
    return new Map(this.byTopic.get(topic));
  }
}
