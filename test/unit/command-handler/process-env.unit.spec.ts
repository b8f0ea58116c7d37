import { HANDLER_GLIBC_TUNABLES, HANDLER_NODE_OPTIONS, handlerProcessEnv, serviceProcessEnv } from '../../../services/command-handler/process-env';

describe("the command handler's process environment", () => {
  it('adds the malloc settings and the V8 heap limit', () => {
    const env = handlerProcessEnv({ KAFKA_BROKERS: 'localhost:9092' });
    expect(env).toEqual({ KAFKA_BROKERS: 'localhost:9092', GLIBC_TUNABLES: HANDLER_GLIBC_TUNABLES, NODE_OPTIONS: HANDLER_NODE_OPTIONS });
  });

  it("keeps the operator's other Node options, and their own heap sizes", () => {
    expect(handlerProcessEnv({ NODE_OPTIONS: '--enable-source-maps' }).NODE_OPTIONS).toBe(`--enable-source-maps ${HANDLER_NODE_OPTIONS}`);
    expect(handlerProcessEnv({ NODE_OPTIONS: '--max-old-space-size=4096' }).NODE_OPTIONS).toBe('--max-old-space-size=4096');
    expect(handlerProcessEnv({ NODE_OPTIONS: '--max-semi-space-size=8' }).NODE_OPTIONS).toBe('--max-semi-space-size=8');
    expect(handlerProcessEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=1' }).GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=1');
  });

  it('leaves the other services alone', () => {
    expect(serviceProcessEnv('projector', { NODE_OPTIONS: '--inspect' })).toEqual({ NODE_OPTIONS: '--inspect' });
  });
});
