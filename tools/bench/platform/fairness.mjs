// Fairness inside a plan: one tenant floods its plan with N jobs, then another tenant of the same plan posts
// one. Measures how many of the flood's jobs started between the newcomer's acceptance and its start (FIFO
// would be all of the flood not yet started) and its queue wait in job-times, with the services as deployed.
import { Services } from './services.mjs';
import { Database, postJobs, prepareTenant } from './load.mjs';

export async function measureFairness(root, { flood, plan = 'enterprise', env = {} }) {
  const services = new Services(root, { label: 'fairness', env });
  await services.start();
  try {
    const flooder = await prepareTenant(services.gatewayUrl, services.adminToken, plan);
    const newcomer = await prepareTenant(services.gatewayUrl, services.adminToken, plan);
    const db = await new Database(services.databaseUrl).open();
    await postJobs({ ...flooder, gatewayUrl: services.gatewayUrl, n: flood, clients: 4, label: 'flood' });
    const { ids } = await postJobs({ ...newcomer, gatewayUrl: services.gatewayUrl, n: 1, clients: 1, label: 'late' });
    await db.waitSucceeded(flood + 1);
    const { rows } = await db.client.query(
      `WITH late AS (SELECT created_at, started_at FROM jobs WHERE id = $1)
       SELECT
         (SELECT count(*)::int FROM jobs j, late WHERE j.user_id = $2 AND j.started_at < late.created_at) AS started_before,
         (SELECT count(*)::int FROM jobs j, late
            WHERE j.user_id = $2 AND j.started_at >= late.created_at AND j.started_at < late.started_at) AS started_ahead,
         (SELECT extract(epoch FROM started_at - created_at) FROM late) AS wait_s,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
            FROM jobs WHERE user_id = $2) AS job_s`,
      [ids[0], flooder.tenantId],
    );
    await db.close();
    const [r] = rows;
    return {
      flood,
      plan,
      // FIFO would have started every flood job not yet started when the newcomer's job was accepted.
      fifoAhead: flood - r.started_before,
      startedAhead: r.started_ahead,
      waitS: Number(r.wait_s),
      jobS: Number(r.job_s),
      waitInJobTimes: Number(r.wait_s) / Number(r.job_s),
    };
  } finally {
    await services.stop();
  }
}
