import { eventCloudHeaders, outcomeCloudHeaders } from '../../../platform/kafka';

describe('CloudEvents headers', () => {
  it("write an event's attributes into the caller's headers, after the ones it has", () => {
    const headers = eventCloudHeaders('orders', 'OrderPlaced', { aggregateId: 'o-1', version: 3, occurredAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) }, { 'eventline-type': 'OrderPlaced' });
    expect(Object.entries(headers)).toEqual([
      ['eventline-type', 'OrderPlaced'],
      ['ce_specversion', '1.0'],
      ['ce_id', 'o-1/3'],
      ['ce_source', '/eventline/orders/events'],
      ['ce_type', 'eventline.orders.OrderPlaced'],
      ['ce_time', '2026-01-02T03:04:05.006Z'],
      ['ce_subject', 'o-1'],
      ['content-type', 'application/vnd.apache.avro+binary'],
    ]);
  });

  it('give each record the time it carries, whether the record before had the same instant or not', () => {
    const at = (ms: number) => outcomeCloudHeaders('chat', { aggregateId: 'r-1', commandId: 'c-1', decidedAt: new Date(ms) }).ce_time;
    expect([at(0), at(0), at(1), at(0)]).toEqual(['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.001Z', '1970-01-01T00:00:00.000Z']);
    // A Date changed in place after use is read again.
    const decidedAt = new Date(5);
    outcomeCloudHeaders('chat', { aggregateId: 'r-1', commandId: 'c-1', decidedAt });
    decidedAt.setTime(6);
    expect(outcomeCloudHeaders('chat', { aggregateId: 'r-1', commandId: 'c-1', decidedAt }).ce_time).toBe('1970-01-01T00:00:00.006Z');
  });

  it("name an outcome by its domain, whichever domain's records came before", () => {
    eventCloudHeaders('orders', 'OrderPaid', { aggregateId: 'o-1', version: 1, occurredAt: new Date(0) });
    const headers = outcomeCloudHeaders('chat', { aggregateId: 'r-1', commandId: 'c-9', decidedAt: new Date(0) });
    expect(headers).toMatchObject({ ce_id: 'r-1/c-9', ce_source: '/eventline/chat/outcomes', ce_type: 'eventline.chat.CommandOutcome', ce_subject: 'r-1' });
  });
});
