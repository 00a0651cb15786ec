import { z } from 'zod';
import { isPermanent } from '@careflow/messaging';
import {
  CommandValidationError,
  OperationConflictError,
  parseCommand,
  ResourceNotFoundError,
  useCaseErrorBody,
} from './command';

const closeCase = z.object({ caseId: z.string().min(1), reason: z.enum(['enrolled', 'declined']) });

describe('parseCommand', () => {
  it('answers the parsed command', () => {
    expect(parseCommand(closeCase, { caseId: 'c1', reason: 'declined' })).toEqual({
      caseId: 'c1',
      reason: 'declined',
    });
  });

  it('names each field at fault and never its value', () => {
    let error: unknown;
    try {
      parseCommand(closeCase, { caseId: '', reason: 'John Doe' }, 'close case');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CommandValidationError);
    const body = useCaseErrorBody(error as CommandValidationError);
    expect(body).toMatchObject({ statusCode: 400, message: 'invalid close case' });
    expect((body['issues'] as { path: string }[]).map((i) => i.path)).toEqual(['caseId', 'reason']);
    expect(JSON.stringify(body)).not.toContain('John Doe');
    // The event path's DLQ reason and log line carry the fields at fault too.
    expect((error as Error).message).toMatch(/^invalid close case: caseId: .+; reason: .+$/);
    expect((error as Error).message).not.toContain('John Doe');
  });
});

describe('use-case errors', () => {
  it('are permanent for the backbone (dead-lettered, never retried)', () => {
    expect(isPermanent(new CommandValidationError('invalid command'))).toBe(true);
    expect(isPermanent(new ResourceNotFoundError('no such case'))).toBe(true);
    expect(isPermanent(new OperationConflictError('case-closed', 'the case is closed'))).toBe(true);
  });

  it('carry their HTTP status and stable code', () => {
    expect(
      useCaseErrorBody(new OperationConflictError('case-closed', 'the case is closed')),
    ).toEqual({ statusCode: 409, error: 'case-closed', message: 'the case is closed' });
    expect(useCaseErrorBody(new ResourceNotFoundError('no such case', 'no-case'))).toEqual({
      statusCode: 404,
      error: 'no-case',
      message: 'no such case',
    });
  });
});
