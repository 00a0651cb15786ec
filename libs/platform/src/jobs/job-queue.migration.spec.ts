import { constructionPlan } from './job-queue.migration';

describe("the job queue's construction plan", () => {
  const plan = constructionPlan('case_management');

  it('creates the tables in the given schema without its own transaction or CREATE SCHEMA', () => {
    expect(plan).toContain('CREATE TABLE case_management.job');
    expect(plan).toContain('CREATE FUNCTION case_management.create_queue');
    expect(plan).not.toMatch(/\bBEGIN;|\bCOMMIT;/);
    expect(plan).not.toMatch(/CREATE SCHEMA/);
  });
});
