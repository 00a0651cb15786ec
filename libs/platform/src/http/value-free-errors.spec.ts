import { BadRequestException, type ArgumentsHost } from '@nestjs/common';
import { z } from 'zod';
import type { JsonLogger } from '../logging/json-logger';
import { PlatformExceptionFilter } from './platform-exception.filter';
import { ZodValidationPipe, zodDto } from './zod-validation.pipe';

// Synthetic PHI: none of it may come back in an answer or a log line.
const PHI = ['Zebediah', 'Quillfeather', '1961-04-12', '078-05-1120', 'MBR99887766'];
const phiText = 'Zebediah Quillfeather 1961-04-12 078-05-1120 MBR99887766';

function expectNoPhi(text: string): void {
  for (const value of PHI) expect(text).not.toContain(value);
}

class Body extends zodDto(
  z.strictObject({
    outcome: z.enum(['enrolled', 'declined']),
    kind: z.literal('call'),
    memberId: z.string().regex(/^M\d{3}$/),
    birthDate: z.iso.date(),
    count: z.number().int(),
    tags: z.array(z.string().max(3)),
    either: z.union([z.number(), z.boolean()]),
  }),
) {}

describe('ZodValidationPipe answers name the field and the rule, never the value', () => {
  it('for enums, literals, formats, types, lengths, unions and unknown keys', () => {
    const pipe = new ZodValidationPipe();
    let answer: unknown;
    try {
      pipe.transform(
        {
          outcome: phiText,
          kind: phiText,
          memberId: phiText,
          birthDate: `${phiText}x`,
          count: phiText,
          tags: [phiText],
          either: phiText,
          [phiText]: 'Quillfeather',
          Zebediah: 1,
        },
        { type: 'body', metatype: Body },
      );
    } catch (error) {
      answer = (error as BadRequestException).getResponse();
    }
    const issues = (answer as { issues: { path: string; message: string }[] }).issues;
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['outcome', 'kind', 'memberId', 'birthDate', 'count', 'tags.0']),
    );
    expect(issues.find((i) => i.path === 'outcome')?.message).toBe(
      'must be one of: enrolled, declined',
    );
    expect(issues.some((i) => i.message === 'unrecognized keys: 2')).toBe(true);
    expectNoPhi(JSON.stringify(answer));
  });
});

function httpHost(): { host: ArgumentsHost; answer: () => unknown } {
  let body: unknown;
  const response = {
    status: () => response,
    setHeader: () => response,
    json: (b: unknown) => {
      body = b;
      return response;
    },
  };
  const request = { header: () => undefined };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }),
  } as unknown as ArgumentsHost;
  return { host, answer: () => body };
}

describe('PlatformExceptionFilter answers and logs no body text', () => {
  const lines: string[] = [];
  const logger = {
    error: (msg: string, fields: unknown) => lines.push(`${msg} ${JSON.stringify(fields)}`),
    warn: (msg: string, fields: unknown) => lines.push(`${msg} ${JSON.stringify(fields)}`),
  } as unknown as JsonLogger;
  const filter = new PlatformExceptionFilter(logger);

  it('for malformed JSON (body-parser quotes the body)', () => {
    const { host, answer } = httpHost();
    const error = Object.assign(
      new SyntaxError(`Unexpected token 'Z', "${phiText}" is not valid JSON`),
      { type: 'entity.parse.failed', status: 400 },
    );
    filter.catch(error, host);
    expect(answer()).toEqual({ statusCode: 400, message: 'malformed JSON body' });
  });

  it('for an unexpected error whose text quotes a value', () => {
    const { host, answer } = httpHost();
    filter.catch(
      Object.assign(new Error(`invalid input syntax for type date: "${phiText}"`), {
        code: '22007',
      }),
      host,
    );
    expect(answer()).toMatchObject({ statusCode: 500 });
    expect(lines.join('\n')).toContain('SQLSTATE 22007');
    expectNoPhi(lines.join('\n'));
    expectNoPhi(JSON.stringify(answer()));
  });
});
