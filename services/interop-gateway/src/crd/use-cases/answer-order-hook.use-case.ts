import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { PlanCalendar, type Clock } from '@careflow/contracts';
import { coverageOn, MemberCoverageReadModel } from '@careflow/coverage-read-model';
import {
  answerOrderHook,
  cdsHookRequestSchema,
  CRD_SERVICE_IDS,
  errorCardOf,
  readHookRequest,
  ROUTING_CARD_OPTION,
  type CdsHookAnswer,
  type MemberCoverageLookup,
} from '@careflow/interop-mapping';
import { memberCoverageOf } from '@careflow/michigan-policy';
import {
  CLOCK,
  CommandValidationError,
  JsonLogger,
  parseCommand,
  ResourceNotFoundError,
} from '@careflow/platform';
import type { InteropGatewayConfig } from '../../config';
import { INTEROP_GATEWAY_CONFIG } from '../../interop-gateway.tokens';
import { CrdPolicy } from '../crd-policy';

export const answerOrderHookCommand = z.object({
  serviceId: z.string().min(1).max(100),
  request: cdsHookRequestSchema,
});

/** The answer, and whose coverage was read to give it (for the audit record). */
export interface OrderHookResult {
  readonly response: Pick<CdsHookAnswer, 'cards' | 'systemActions'>;
  /** The member whose coverage was looked up; null when the request named none. */
  readonly memberId: string | null;
  /** Whether eligibility has published that member's coverage. */
  readonly memberFound: boolean;
  readonly hook: string;
}

/**
 * Answers an order-sign or order-select call: reads the prefetched Patient, Coverage and draft
 * orders, looks the member's coverage up in the gateway's copy of eligibility's published
 * coverage, routes each drug order with the policy router authorization-routing uses, and
 * answers the coverage-information system actions (and the routing cards).
 */
@Injectable()
export class AnswerOrderHookUseCase {
  private readonly readModel = new MemberCoverageReadModel();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CrdPolicy) private readonly policy: CrdPolicy,
    @Inject(INTEROP_GATEWAY_CONFIG) private readonly config: InteropGatewayConfig,
    @Inject(PlanCalendar) private readonly calendar: PlanCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async execute(input: unknown): Promise<OrderHookResult> {
    const { serviceId, request } = parseCommand(answerOrderHookCommand, input, 'CDS Hooks request');
    if (CRD_SERVICE_IDS[serviceId] === undefined)
      throw new ResourceNotFoundError('CDS service not found');
    if (CRD_SERVICE_IDS[serviceId] !== request.hook)
      throw new CommandValidationError('CDS Hooks request is invalid', [
        'hook: not the hook of this CDS service',
      ]);
    const today = this.calendar.dateOf(this.clock.now());
    const reading = readHookRequest(request, {
      today,
      defaultProviderState: this.config.CRD_DEFAULT_PROVIDER_STATE,
      memberIdSystems: this.config.CRD_MEMBER_ID_SYSTEMS,
    });
    const memberId = reading.kind === 'ready' ? reading.memberId : null;
    const snapshot =
      memberId === null
        ? undefined
        : (await this.readModel.snapshotsOf(this.db.manager, [memberId])).get(memberId);
    const coverage: MemberCoverageLookup = {
      known: snapshot !== undefined,
      on: (date) => {
        const span = snapshot ? coverageOn(snapshot.spans, date) : null;
        return span ? memberCoverageOf(span) : null;
      },
    };
    const options = {
      payerLabel: this.config.CRD_PAYER_LABEL,
      today,
      routingCard: this.routingCardWanted(request.extension),
      newId: () => randomUUID(),
    };
    const router = this.policy.routerOn(today);
    const answer: CdsHookAnswer = router
      ? answerOrderHook(reading, router, coverage, options)
      : {
          cards: [
            errorCardOf(
              'Coverage requirements not checked: no routing policy is in force today',
              'No version of the routing policy is in force on the date of this request.',
              options.payerLabel,
              options.newId(),
            ),
          ],
          systemActions: [],
          assertions: [],
        };
    // Ids, outcomes and vendors only: never the member, the patient or the drug.
    this.logger.info('CRD hook answered', {
      hook: request.hook,
      hookInstance: request.hookInstance,
      assertions: answer.assertions,
      cards: answer.cards.length,
    });
    return {
      response: { cards: answer.cards, systemActions: answer.systemActions },
      memberId,
      memberFound: snapshot !== undefined,
      hook: request.hook,
    };
  }

  /** The client's choice (davinci-crd.configuration), else the configured default. */
  private routingCardWanted(extension: Record<string, unknown> | undefined): boolean {
    const chosen = (
      extension?.['davinci-crd.configuration'] as Record<string, unknown> | undefined
    )?.[ROUTING_CARD_OPTION];
    return typeof chosen === 'boolean' ? chosen : this.config.CRD_ROUTING_CARD;
  }
}
