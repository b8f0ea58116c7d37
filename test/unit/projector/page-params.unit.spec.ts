import { describe, expect, it } from '@jest/globals';
import { pageParams } from '../../../gateway/reads';
import { BadRequestError } from '../../../platform/errors';

describe('page parameters', () => {
  it('default to the first 50 rows and cap the limit at 500', () => {
    expect(pageParams({}, 'afterSeq')).toEqual({ after: 0, limit: 50 });
    expect(pageParams({ afterSeq: '120', limit: '10' }, 'afterSeq')).toEqual({ after: 120, limit: 10 });
    expect(pageParams({ limit: '5000' }, 'afterSeq')).toEqual({ after: 0, limit: 500 });
  });

  it('read the route\'s own after-parameter and nothing else', () => {
    expect(pageParams({ afterVersion: '7', afterSeq: '3' }, 'afterVersion')).toEqual({ after: 7, limit: 50 });
  });

  it.each([{ limit: '0' }, { limit: '-1' }, { limit: 'ten' }, { afterSeq: '1.5' }, { afterSeq: ['1', '2'] }, { limit: '' }])('refuse %p with BAD_REQUEST', (query) => {
    expect(() => pageParams(query, 'afterSeq')).toThrow(BadRequestError);
  });
});
