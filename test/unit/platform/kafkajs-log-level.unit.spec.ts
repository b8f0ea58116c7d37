import { logLevel } from 'kafkajs';
import { kafkajsLogLevel } from '../../../platform/kafka';

describe('kafkajsLogLevel', () => {
  it('keeps kafkajs errors that are not about one request or a retried send', () => {
    expect(kafkajsLogLevel(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded')).toBe('error');
    expect(kafkajsLogLevel(logLevel.WARN, 'Response Metadata(key: 3)')).toBe('warn');
    expect(kafkajsLogLevel(logLevel.INFO, 'Consumer has joined the group')).toBe('info');
  });

  it('moves per-request failures to debug: the caller reports what matters', () => {
    expect(kafkajsLogLevel(logLevel.ERROR, 'Response ListOffsets(key: 2, version: 3)')).toBe('debug');
  });

  it('logs retried sends as warnings, and the routine retry after a commit as debug', () => {
    expect(kafkajsLogLevel(logLevel.ERROR, 'Failed to send messages: This server is not the leader for that topic-partition')).toBe('warn');
    expect(
      kafkajsLogLevel(
        logLevel.ERROR,
        'Failed to send messages: The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
      ),
    ).toBe('debug');
  });
});
