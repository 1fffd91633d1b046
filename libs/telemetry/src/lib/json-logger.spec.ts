import { Writable } from 'node:stream';
import { runWithContext } from './job-context';
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
    await runWithContext({ correlationId: 'c-1', jobId: 'j-1' }, async () => {
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
      correlation_id: 'c-1',
      attempt: 2,
    });
    expect(typeof lines[1]['time']).toBe('string');
  });
});
