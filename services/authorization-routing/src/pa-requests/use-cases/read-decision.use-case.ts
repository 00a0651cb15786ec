import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { parseCommand } from '@careflow/platform';
import { PaRequestRepository, type StoredDecisionRecord } from '../pa-request.repository';

export const readDecisionCommand = z.object({ requestId: z.string().min(1).max(100) });
export type ReadDecisionCommand = z.input<typeof readDecisionCommand>;

/** Where a request stands: decided, held for its member's coverage, or never received. */
export type DecisionLookup =
  | { readonly kind: 'decided'; readonly decision: StoredDecisionRecord }
  | { readonly kind: 'held'; readonly memberId: string; readonly holdUntil: Date }
  | { readonly kind: 'unknown' };

/** The stored decision of a request, or why there is none (the caller applies its scope). */
@Injectable()
export class ReadDecisionUseCase {
  constructor(@Inject(PaRequestRepository) private readonly requests: PaRequestRepository) {}

  async execute(input: ReadDecisionCommand): Promise<DecisionLookup> {
    const { requestId } = parseCommand(readDecisionCommand, input, 'decision read');
    const decision = await this.requests.decisionOf(requestId);
    if (decision) return { kind: 'decided', decision };
    const hold = await this.requests.holdOf(requestId);
    return hold ? { kind: 'held', ...hold } : { kind: 'unknown' };
  }
}
