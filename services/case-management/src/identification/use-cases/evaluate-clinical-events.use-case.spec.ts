import { CommandValidationError } from '@careflow/platform';
import type { ConsumedEvent, UnitOfWork } from '@careflow/messaging';
import type { Identification } from '../identification.service';
import { EvaluateClinicalEvents } from './evaluate-clinical-events.use-case';

function event(topic: string, data: unknown): ConsumedEvent {
  return {
    id: 'e-1',
    source: 'test',
    type: 'test',
    time: '2026-01-01T00:00:00Z',
    subject: undefined,
    data,
    key: 'M-1',
    traceparent: undefined,
    topic,
    partition: 0,
    offset: '0',
  };
}

describe('EvaluateClinicalEvents: the command validates itself before identification runs', () => {
  const uow = {} as UnitOfWork;
  let folded: readonly { data: unknown }[] | null;
  const identification = {
    applyClinicalEvents: async (_uow: UnitOfWork, events: readonly { data: unknown }[]) => {
      folded = events;
      return new Map();
    },
  } as unknown as Identification;
  const useCase = new EvaluateClinicalEvents(identification);

  beforeEach(() => {
    folded = null;
  });

  it('passes the events on, their data as consumed', async () => {
    const data = { memberId: 'M-1', encounterId: 'E-1' };
    await useCase.execute(uow, { events: [event('encounters.v1', data)] });
    expect(folded).toHaveLength(1);
    expect(folded![0]!.data).toBe(data);
  });

  it('refuses an event of a topic that is not clinical, naming the field', async () => {
    const refused = useCase.execute(uow, {
      events: [event('ccm.referrals.v1', { memberId: 'M-1' })],
    });
    await expect(refused).rejects.toBeInstanceOf(CommandValidationError);
    await expect(refused).rejects.toMatchObject({
      issues: [expect.stringMatching(/^events\.0\.topic: /)],
    });
    expect(folded).toBeNull();
  });

  it('refuses an event whose data names no valid member', async () => {
    for (const data of [null, {}, { memberId: 'not a member id!' }]) {
      await expect(
        useCase.execute(uow, { events: [event('encounters.v1', data)] }),
      ).rejects.toMatchObject({ issues: [expect.stringMatching(/^events\.0\.data: /)] });
    }
    expect(folded).toBeNull();
  });
});
