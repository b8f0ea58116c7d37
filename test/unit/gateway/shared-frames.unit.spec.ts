/** The frame the subscribers of one key share: built once, reused only for the same messages in the same order. */
import { SharedFrames } from '../../../gateway/ws/shared-frames';

describe('SharedFrames', () => {
  it('hands the next socket with the same messages the same bytes', () => {
    const frames = new SharedFrames();
    const a = '{"v":1}';
    const b = '{"v":2}';
    const first = frames.frameOf([a, b]);
    expect(first.toString()).toBe('[{"v":1},{"v":2}]');
    expect(frames.frameOf([a, b])).toBe(first);
  });

  it('builds a new frame when the messages or their order differ', () => {
    const frames = new SharedFrames();
    const a = '{"v":1}';
    const b = '{"v":2}';
    const first = frames.frameOf([a, b]);
    expect(frames.frameOf([b, a]).toString()).toBe('[{"v":2},{"v":1}]');
    expect(frames.frameOf([a]).toString()).toBe('{"v":1}');
    expect(frames.frameOf([a, b])).not.toBe(first);
    expect(frames.frameOf([a, b, a]).toString()).toBe('[{"v":1},{"v":2},{"v":1}]');
  });

  it('encodes the frame as UTF-8', () => {
    const frames = new SharedFrames();
    expect(frames.frameOf(['{"text":"héllo ✓"}']).equals(Buffer.from('{"text":"héllo ✓"}', 'utf8'))).toBe(true);
  });
});
