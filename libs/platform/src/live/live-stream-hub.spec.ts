import type { Response } from 'express';
import type { Principal } from '../auth/principal';
import { LiveStreamHub, sseMessage, type LiveStreamDependencies } from './live-stream-hub';

class FakeResponse {
  readonly written: string[] = [];
  ended = false;
  status() {
    return this;
  }
  setHeader() {}
  flushHeaders() {}
  write(chunk: string) {
    this.written.push(chunk);
    return true;
  }
  end() {
    this.ended = true;
  }
  on() {}
}

const ana: Principal = { id: 'ana', name: 'Ana', roles: ['case-manager'] };
const ben: Principal = { id: 'ben', name: 'Ben', roles: ['case-manager'] };
const origin = { clientIp: null, userAgent: null, requestId: null };
const later = () => new Date(Date.now() + 3_600_000);

function hub(caps: { perUser: number; max: number }) {
  return new LiveStreamHub(
    {
      name: 'test stream',
      databaseUrl: 'postgres://unused',
      channel: 'test_channel',
      heartbeatMs: 15000,
      ticketTtlSeconds: 30,
      maxTokenAgeSeconds: 3600,
      streamsPerUser: caps.perUser,
      streamsMax: caps.max,
      ticketRoute: 'POST /test/stream-tickets',
    },
    {} as LiveStreamDependencies,
    () => Promise.resolve(),
  );
}

const open = (h: LiveStreamHub, who: Principal, expiresAt = later()) => {
  const response = new FakeResponse();
  h.open(who, response as unknown as Response, origin, expiresAt);
  return response;
};

describe('LiveStreamHub', () => {
  it('refuses a stream beyond the per-user cap, then beyond the server cap', () => {
    const h = hub({ perUser: 2, max: 3 });
    open(h, ana);
    open(h, ana);
    expect(h.refusalFor(ana)).toMatch(/limit 2/);
    expect(h.refusalFor(ben)).toBeUndefined();
    open(h, ben);
    expect(h.refusalFor(ben)).toMatch(/on this server \(limit 3\)/);
    h.closeAll();
  });

  it('opens with `ready`, and closes with `expired` when the token expires', () => {
    jest.useFakeTimers();
    try {
      const h = hub({ perUser: 5, max: 10 });
      const response = open(h, ana, new Date(Date.now() + 1000));
      expect(response.written[0]).toContain('event: ready');
      jest.advanceTimersByTime(1000);
      expect(response.written.at(-1)).toBe(sseMessage('expired', {}));
      expect(response.ended).toBe(true);
      expect(h.connectedStreams).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('ends every open stream on closeAll', () => {
    const h = hub({ perUser: 5, max: 10 });
    const streams = [open(h, ana), open(h, ben)];
    h.closeAll();
    expect(streams.map((s) => s.ended)).toEqual([true, true]);
    expect(h.connectedStreams).toBe(0);
  });

  it('takes only lower-case SQL identifiers as channels (LISTEN binds no parameter)', () => {
    expect(() => hub({ perUser: 1, max: 1 }).onChannel('x; DROP TABLE y', () => undefined)).toThrow(
      /identifier/,
    );
  });
});
