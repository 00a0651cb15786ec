import type { NextFunction, Request, Response } from 'express';
import { corsAllowlist, corsOriginsSetting } from './cors-allowlist';

function call(origins: string[], method: string, headers: Record<string, string>) {
  const set = new Map<string, string>();
  let status: number | null = null;
  let passed = false;
  const response = {
    setHeader: (name: string, value: string) => set.set(name.toLowerCase(), value),
    vary: (name: string) => set.set('vary', name),
    status(code: number) {
      status = code;
      return this;
    },
    end: () => undefined,
  } as unknown as Response;
  const next: NextFunction = () => {
    passed = true;
  };
  corsAllowlist(origins)({ method, headers } as unknown as Request, response, next);
  return { set, status, passed };
}

describe('corsAllowlist', () => {
  const page = 'http://127.0.0.1:3002';

  it('answers an allowed origin’s preflight itself, before authentication', () => {
    const r = call([page], 'OPTIONS', {
      origin: page,
      'access-control-request-method': 'POST',
    });
    expect(r.status).toBe(204);
    expect(r.passed).toBe(false);
    expect(r.set.get('access-control-allow-origin')).toBe(page);
    expect(r.set.get('access-control-allow-headers')).toContain('Authorization');
  });

  it('echoes an allowed origin on the call itself and passes it on', () => {
    const r = call([page], 'POST', { origin: page });
    expect(r.passed).toBe(true);
    expect(r.set.get('access-control-allow-origin')).toBe(page);
    expect(r.set.get('vary')).toBe('Origin');
  });

  it('gives any other origin no CORS header', () => {
    const r = call([page], 'OPTIONS', {
      origin: 'http://127.0.0.1:9999',
      'access-control-request-method': 'POST',
    });
    expect(r.passed).toBe(true);
    expect(r.set.has('access-control-allow-origin')).toBe(false);
  });

  it('reads the setting as a list of origins, refusing anything else', () => {
    expect(corsOriginsSetting.parse('')).toEqual([]);
    expect(corsOriginsSetting.parse(`${page}, https://ws.example.org`)).toEqual([
      page,
      'https://ws.example.org',
    ]);
    expect(corsOriginsSetting.safeParse('http://127.0.0.1:3002/workspace/').success).toBe(false);
    expect(corsOriginsSetting.safeParse('*').success).toBe(false);
  });
});
