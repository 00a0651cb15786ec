import { z } from 'zod';

/**
 * The variables of a live stream (see `LiveStreamHub`), for a service's config shape under its
 * own names: `FEED_STREAMS_MAX: feedStream.streamsMax`.
 */
export const liveStreamVariables = (ticketRoute: string) => ({
  heartbeatMs: z.coerce
    .number()
    .int()
    .min(1000)
    .max(120000)
    .default(15000)
    .describe('Interval of the comment lines that keep idle Server-Sent Events streams open.'),
  ticketTtlSeconds: z.coerce
    .number()
    .int()
    .min(5)
    .max(300)
    .default(30)
    .describe(
      `Lifetime of a live-stream ticket (\`${ticketRoute}\`); each ticket opens one stream, once.`,
    ),
  streamsPerUser: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .describe('Open live streams per user and instance (tabs); beyond it, 429.'),
  streamsMax: z.coerce
    .number()
    .int()
    .min(1)
    .max(100000)
    .default(1000)
    .describe('Open live streams per instance, all users together; beyond it, 429.'),
});
