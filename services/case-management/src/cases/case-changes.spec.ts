import { OperationConflictError, ResourceNotFoundError } from '@careflow/platform';
import type { Case } from './case';
import { allowedTarget, anyExistingCase } from './case-changes';

const at = new Date('2026-12-01T15:00:00Z');
const enrolled: Case = {
  caseId: 'CASE-1',
  memberId: 'M-1',
  status: 'enrolled',
  identificationSources: ['medical-claims'],
  criteriaMet: [],
  caseManagerId: 'cm-001',
  openedAt: at,
  assessmentDueAt: at,
  assessmentOverdue: false,
  assessmentOutcome: 'enrolled',
  assessedAt: at,
  closedAt: null,
  closureReason: null,
  updatedAt: at,
};

describe('allowedTarget', () => {
  it('answers the status the lifecycle moves the case to', () => {
    expect(allowedTarget(enrolled, 'close')).toBe('closed');
    expect(allowedTarget(enrolled, 'record-status-update')).toBe('enrolled');
  });

  it("refuses with the lifecycle's code as a 409 that names the status, not the member", () => {
    const closed = { ...enrolled, status: 'closed' as const };
    let error: unknown;
    try {
      allowedTarget(closed, 'close');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OperationConflictError);
    expect(error).toMatchObject({
      httpStatus: 409,
      code: 'case-already-closed',
      message: 'case is closed: the case is already closed',
    });
    expect((error as Error).message).not.toContain('M-1');
  });
});

describe('anyExistingCase', () => {
  it('answers the loaded case, or a not-found error when there is none', async () => {
    await expect(anyExistingCase('CASE-1', () => Promise.resolve(enrolled))).resolves.toBe(
      enrolled,
    );
    await expect(anyExistingCase('CASE-2', () => Promise.resolve(null))).rejects.toThrow(
      ResourceNotFoundError,
    );
  });
});
