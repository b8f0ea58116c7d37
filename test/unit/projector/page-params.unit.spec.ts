import { describe, expect, it } from '@jest/globals';
import { pageParams } from '../../../gateway/reads';
import { BadRequestError } from '../../../platform/errors';

describe('message page parameters', () => {
  it('default to the first 50 messages and cap the limit at 500', () => {
    expect(pageParams({})).toEqual({ afterSeq: 0, limit: 50 });
    expect(pageParams({ afterSeq: '120', limit: '10' })).toEqual({ afterSeq: 120, limit: 10 });
    expect(pageParams({ limit: '5000' })).toEqual({ afterSeq: 0, limit: 500 });
  });

  it.each([{ limit: '0' }, { limit: '-1' }, { limit: 'ten' }, { afterSeq: '1.5' }, { afterSeq: ['1', '2'] }, { limit: '' }])('refuse %p with BAD_REQUEST', (query) => {
    expect(() => pageParams(query)).toThrow(BadRequestError);
  });
});
