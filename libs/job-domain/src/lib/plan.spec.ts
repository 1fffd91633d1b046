import { parsePlanQueues, PLAN_QUEUES, PLAN_QUEUES_BY_PRIORITY, queueForPlan } from './plan';

describe('plans', () => {
  it('maps each plan to the seed priority on a BullMQ-safe queue name', () => {
    expect(queueForPlan('free')).toEqual({ queue: 'queue-free', priority: 1 });
    expect(queueForPlan('pro')).toEqual({ queue: 'queue-pro', priority: 5 });
    expect(queueForPlan('business')).toEqual({ queue: 'queue-business', priority: 7 });
    expect(queueForPlan('enterprise')).toEqual({ queue: 'queue-enterprise', priority: 10 });
    for (const { queue } of Object.values(PLAN_QUEUES)) expect(queue).not.toContain(':');
  });

  it('orders queues highest priority first', () => {
    expect(PLAN_QUEUES_BY_PRIORITY.map((q) => q.queue)).toEqual([
      'queue-enterprise',
      'queue-business',
      'queue-pro',
      'queue-free',
    ]);
  });

  it('parses the queues a worker serves, highest priority first, and names what is wrong', () => {
    expect(parsePlanQueues('business,enterprise').map((q) => q.queue)).toEqual([
      'queue-enterprise',
      'queue-business',
    ]);
    expect(parsePlanQueues(' free , queue-pro,queue:business').map((q) => q.queue)).toEqual([
      'queue-business',
      'queue-pro',
      'queue-free',
    ]);
    expect(() => parsePlanQueues('enterprise,gold')).toThrow('unknown plan "gold"');
    expect(() => parsePlanQueues('')).toThrow('unknown plan ""');
    expect(() => parsePlanQueues('pro,,free')).toThrow('unknown plan ""');
    expect(() => parsePlanQueues('pro,queue-pro')).toThrow('listed twice');
  });
});
