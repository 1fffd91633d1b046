import { Writable } from 'node:stream';
import { addToContext, runWithContext } from './job-context';
import { createJsonLogger } from './json-logger';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, stream };
}

describe('createJsonLogger', () => {
  it('writes one JSON object per line with service and the ambient job context', async () => {
    const { lines, stream } = capture();
    const logger = createJsonLogger('csv-worker', 'info', stream);
    logger.info('outside');
    await runWithContext({ correlationId: 'c-1', jobId: 'j-1', tenantId: 't-1' }, async () => {
      await Promise.resolve();
      runWithContext({ attempt: 2 }, () => logger.info({ rows: 3 }, 'inside'));
    });
    expect(lines[0]).toMatchObject({ service: 'csv-worker', level: 'info', msg: 'outside' });
    expect(lines[0]).not.toHaveProperty('job_id');
    expect(lines[1]).toMatchObject({
      service: 'csv-worker',
      msg: 'inside',
      rows: 3,
      job_id: 'j-1',
      tenant_id: 't-1',
      correlation_id: 'c-1',
      attempt: 2,
    });
    expect(typeof lines[1]['time']).toBe('string');
  });

  it('carries what a piece of work adds to its context along the way, and only within that work', async () => {
    const { lines, stream } = capture();
    const logger = createJsonLogger('api-gateway', 'info', stream);
    addToContext({ tenantId: 'nobody' });
    await runWithContext({ correlationId: 'c-1' }, async () => {
      // As a guard does: it cannot wrap the rest of the request, only add to the context it runs in.
      await (async () => addToContext({ tenantId: 't-1', jobId: 'j-1' }))();
      await runWithContext({ attempt: 1 }, async () => logger.info('nested'));
      logger.info('request');
    });
    await runWithContext({ correlationId: 'c-2' }, async () => logger.info('another request'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'nested', correlation_id: 'c-1', tenant_id: 't-1', job_id: 'j-1' });
    expect(lines[1]).toMatchObject({
      msg: 'request',
      correlation_id: 'c-1',
      tenant_id: 't-1',
      job_id: 'j-1',
    });
    for (const line of lines.slice(2)) {
      expect(line).not.toHaveProperty('tenant_id');
      expect(line).not.toHaveProperty('job_id');
    }
  });
});
