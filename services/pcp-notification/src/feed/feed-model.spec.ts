import { decodeCursor, encodeCursor, feedQuerySchema } from './feed-model';

describe('feed query', () => {
  it('round-trips cursors and refuses foreign ones', () => {
    expect(decodeCursor(encodeCursor('42'))).toBe('42');
    expect(decodeCursor('abc')).toBeNull();
    expect(feedQuerySchema.safeParse({ cursor: 'abc' }).success).toBe(false);
  });

  it('caps the page size at 100 and defaults to 50', () => {
    expect(feedQuerySchema.parse({}).limit).toBe(50);
    expect(feedQuerySchema.safeParse({ limit: '100' }).success).toBe(true);
    expect(feedQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
  });

  it('refuses unknown filters and values', () => {
    expect(feedQuerySchema.safeParse({ kind: 'x' }).success).toBe(false);
    expect(feedQuerySchema.safeParse({ dueBefore: '2025-01-01' }).success).toBe(false);
    expect(feedQuerySchema.safeParse({ other: '1' }).success).toBe(false);
    expect(feedQuerySchema.safeParse({ kind: 'pcp-missing', status: 'new' }).success).toBe(true);
  });
});
