// The platform's section of BENCHMARKS.md, from `npm run bench:platform`'s figures
// (tools/bench/results/platform.json). Every verdict, and every explanation of a shortfall, is computed from
// the run's own data.
const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const verdict = (ok) => (ok ? '**met**' : '**missed**');

/** One row of the goals table: what, measured, target, verdict and (when missed) by how much. */
function goal(what, measured, target, ok, shortBy) {
  return `| ${what} | ${measured} | ${target} | ${verdict(ok)}${ok || !shortBy ? '' : ` (${shortBy})`} |`;
}

function tinyJobsSection({ tinyJobs, machine }) {
  const { platform, anchor } = tinyJobs;
  const cpu = platform.cpuMsPerJob;
  const totalCpu = Object.values(cpu).reduce((a, b) => a + b, 0);
  // What the CPU spent per job allows at most on this machine's cores, whatever else is tuned.
  const cpuCap = (machine.cores * 1000) / totalCpu;
  const anchorLine = anchor.skipped
    ? `The anchor did not run: ${anchor.skipped}.`
    : `Anchor (the seed's design: Celery prefork:4 and a Postgres row per job, \`../shared/anchors/celery-seed\`), same N and clients, run just before: ${fmt(anchor.e2ePerS, 0)} jobs/s end to end, ${fmt(anchor.submitPerS, 0)} submitted/s, created → finished p50 ${fmt(anchor.latencyP50S, 2)} s.`;
  return `### Tiny jobs (${platform.n} two-row catalogs, ${platform.clients} clients, one worker with \`WORKER_CONCURRENCY=4\`)

${anchorLine} ValidaHub, the median of ${tinyJobs.rounds} rounds by the end-to-end ratio: ${fmt(platform.e2ePerS, 0)} jobs/s end to end, ${fmt(platform.acceptedPerS, 0)} accepted/s; POST p50 ${fmt(platform.postMs.p50)} ms, p99 ${fmt(platform.postMs.p99)} ms; GET (one client polling while the others post) p50 ${fmt(platform.getMs.p50)} ms, p99 ${fmt(platform.getMs.p99)} ms; created → finished p50 ${fmt(platform.createdToFinishedS.p50, 2)} s.

CPU per job (user + system, from /proc, over the measured jobs):

| ${Object.keys(cpu).join(' | ')} | total |
| ${Object.keys(cpu).map(() => '---:').join(' | ')} | ---: |
| ${Object.values(cpu).map((ms) => `${fmt(ms, 2)} ms`).join(' | ')} | ${fmt(totalCpu, 2)} ms |

At ${fmt(totalCpu, 1)} ms of CPU per job the ${machine.cores} cores allow at most ≈ ${fmt(cpuCap, 0)} jobs/s; the run reached ${fmt(platform.e2ePerS, 0)} (${fmt((platform.e2ePerS / cpuCap) * 100, 0)}% of that bound), so the rate is ${platform.e2ePerS / cpuCap > 0.7 ? 'bound by CPU per job' : 'not bound by CPU alone (waits between the services count too)'}.`;
}

function goals(results) {
  const rows = [];
  const { tinyJobs, latency, bigFile, scale, horizontal, recovery, fairness } = results;
  if (tinyJobs && !tinyJobs.anchor.skipped) {
    const e2e = tinyJobs.platform.e2ePerS / tinyJobs.anchor.e2ePerS;
    const accepted = tinyJobs.platform.acceptedPerS / tinyJobs.anchor.submitPerS;
    rows.push(goal('1. tiny jobs end to end, ratio to the anchor', `${fmt(e2e, 2)}×`, '≥ 1.0× (stretch 2×)', e2e >= 1, `${fmt(1 / e2e, 1)}× short`));
    rows.push(goal('1. accepted jobs/s, ratio to the anchor', `${fmt(accepted, 2)}×`, '≥ 1.0×', accepted >= 1, `${fmt(1 / accepted, 1)}× short`));
  }
  if (tinyJobs) {
    const { postMs, getMs, cpuMsPerJob } = tinyJobs.platform;
    const totalCpu = Object.values(cpuMsPerJob).reduce((a, b) => a + b, 0);
    rows.push(goal('2. POST /api/v1/jobs p99, 10 clients, worker busy', `${fmt(postMs.p99)} ms`, '≤ 25 ms', postMs.p99 <= 25, `${fmt(postMs.p99 / 25, 1)}× the target`));
    rows.push(goal('2. GET /api/v1/jobs/{id} p99, same load', `${fmt(getMs.p99)} ms`, '≤ 10 ms', getMs.p99 <= 10, `${fmt(getMs.p99 / 10, 1)}× the target`));
    rows.push(goal('4. CPU per tiny job, three services + Postgres', `${fmt(totalCpu, 2)} ms`, '≤ 3 ms', totalCpu <= 3, `${fmt(totalCpu / 3, 1)}× the target`));
  }
  if (latency) {
    const visible = latency.visibleAfterRunEndMs.p99;
    rows.push(goal('3. final status visible after the run ends, p99', `${fmt(visible, 0)} ms`, '≤ 100 ms', visible <= 100, `${fmt(visible / 100, 1)}× the target`));
    rows.push(goal('3. created → finished p50, one job at a time', `${fmt(latency.createdToFinishedP50S, 3)} s`, '≤ 1 s', latency.createdToFinishedP50S <= 1, `${fmt(latency.createdToFinishedP50S, 1)}× the target`));
  }
  if (bigFile) {
    const ratio = bigFile.udsvMs / bigFile.jobMs;
    rows.push(goal(`5. ${fmt(bigFile.mib, 0)} MiB job vs udsv's raw parse`, `${fmt(ratio, 2)}×`, '≥ 0.5×', ratio >= 0.5, `${fmt(0.5 / ratio, 1)}× short`));
    rows.push(goal('5. worker peak RSS', `${fmt(bigFile.workerPeakRssMb, 0)} MB`, '≤ 150 MB', bigFile.workerPeakRssMb <= 150, `${fmt(bigFile.workerPeakRssMb - 150, 0)} MB over`));
  }
  if (scale) {
    for (const [endpoint, full] of Object.entries(scale.full)) {
      const ratio = full.p99 / scale.empty[endpoint].p99;
      rows.push(goal(`6. ${endpoint} p99, full ÷ empty`, `${fmt(ratio, 2)}×`, '≤ 2×', ratio <= 2, `${fmt(ratio / 2, 1)}× the target`));
    }
    const health = scale.full['GET /health/queue'].p99;
    rows.push(goal('6. /health/queue p99, full database', `${fmt(health, 1)} ms`, '≤ 50 ms', health <= 50, `${fmt(health / 50, 1)}× the target`));
  }
  if (horizontal) {
    rows.push(goal('7. 2 workers ÷ 1 worker, 1 MiB catalogs', `${fmt(horizontal.workerScaling, 2)}×`, '≥ 1.7×', horizontal.workerScaling >= 1.7, `${fmt(1.7 - horizontal.workerScaling, 2)} short`));
    rows.push(goal('7. 2 job-service replicas ÷ 1, tiny jobs', `${fmt(horizontal.jobServiceScaling, 2)}×`, '≥ 1.0× (not slower)', horizontal.jobServiceScaling >= 1, `${fmt((1 - horizontal.jobServiceScaling) * 100, 0)}% slower`));
  }
  if (recovery) {
    const once = recovery.finalStatus === 'SUCCEEDED' && Object.values(recovery.terminalEvents).reduce((a, b) => a + b, 0) === 1;
    rows.push(goal('8. running again after a kill -9 mid-run', `${fmt(recovery.runningAgainAfterS, 1)} s`, '≤ 30 s', recovery.runningAgainAfterS <= 30, `${fmt(recovery.runningAgainAfterS - 30, 0)} s over`));
    rows.push(goal('8. exactly once after the kill', `${recovery.finalStatus}, terminal events ${JSON.stringify(recovery.terminalEvents)}`, 'one SUCCEEDED', once));
  }
  if (fairness)
    rows.push(goal(`Issue 13. another tenant's job behind a ${fairness.flood}-job flood, same plan`, `${fmt(fairness.waitInJobTimes, 1)} job-times`, '≤ 5 job-times', fairness.waitInJobTimes <= 5, `${fmt(fairness.waitInJobTimes / 5, 1)}× the target`));
  return rows;
}

function scaleSection({ scale }) {
  const lines = Object.entries(scale.full).map(([endpoint, full]) => {
    const empty = scale.empty[endpoint];
    return `| ${endpoint} | ${fmt(empty.p50)} | ${fmt(empty.p99)} | ${fmt(full.p50)} | ${fmt(full.p99)} | ${fmt(full.p99 / empty.p99, 2)}× |`;
  });
  return `### Scale (${scale.filled.jobs.toLocaleString('en-US')} jobs and ${scale.filled.events.toLocaleString('en-US')} history events, ${scale.perTenant.toLocaleString('en-US')} per tenant; written in ${fmt(scale.fillS, 0)} s)

${scale.requests} sequential requests per endpoint from one client, milliseconds:

| Endpoint | empty p50 | empty p99 | full p50 | full p99 | p99 full ÷ empty |
| --- | ---: | ---: | ---: | ---: | ---: |
${lines.join('\n')}`;
}

function otherSections({ latency, bigFile, horizontal, recovery, fairness }) {
  const parts = [];
  if (latency)
    parts.push(`### Job latency, one job at a time (${latency.jobs} jobs)

POST p50 ${fmt(latency.acceptMs.p50)} ms; created → finished p50 ${fmt(latency.createdToFinishedP50S, 3)} s; the final status visible through the API ${fmt(latency.visibleAfterRunEndMs.p50, 0)} ms (p50) and ${fmt(latency.visibleAfterRunEndMs.p99, 0)} ms (p99) after the worker's "run completed" line (same machine clock; the client polls every 2 ms).`);
  if (bigFile)
    parts.push(`### A ${fmt(bigFile.mib, 0)} MiB catalog as a job

The job (started_at → finished_at) took ${fmt(bigFile.jobMs, 0)} ms; udsv's raw parse of the same file ${fmt(bigFile.udsvMs, 0)} ms in the same run, in turns. The worker's peak RSS was ${fmt(bigFile.workerPeakRssMb, 0)} MB, of which ${fmt(bigFile.workerIdleRssMb, 0)} MB before its first job (Node and the loaded code).`);
  if (horizontal)
    parts.push(`### Horizontal

${fmt(horizontal.catalogMib, 1)} MiB catalogs, ${horizontal.oneWorker.n} jobs, each worker process running one job at a time: one worker ${fmt(horizontal.oneWorker.e2ePerS, 1)} jobs/s, two workers ${fmt(horizontal.twoWorkers.e2ePerS, 1)} jobs/s (${fmt(horizontal.workerScaling, 2)}×). Tiny jobs, ${horizontal.oneJobService.n} per run: one job-service ${fmt(horizontal.oneJobService.e2ePerS, 0)} jobs/s end to end and ${fmt(horizontal.oneJobService.acceptedPerS, 0)} accepted/s, two replicas behind a balancer ${fmt(horizontal.twoJobServices.e2ePerS, 0)} and ${fmt(horizontal.twoJobServices.acceptedPerS, 0)} (${fmt(horizontal.jobServiceScaling, 2)}×). The best of ${horizontal.rounds} rounds each, in turns.`);
  if (recovery)
    parts.push(`### Recovery

A ${fmt(recovery.mib, 0)} MiB \`correct_csv_job\` on one of two workers, killed with SIGKILL at ${fmt(recovery.killedAtProgress, 0)}% with default settings: the job ran again on the other worker ${fmt(recovery.runningAgainAfterS, 1)} s later and ended ${recovery.finalStatus} with terminal events ${JSON.stringify(recovery.terminalEvents)}.`);
  if (fairness)
    parts.push(`### Fairness inside a plan

One ${fairness.plan} tenant posts ${fairness.flood} tiny jobs, then another tenant of the same plan posts one: ${fairness.startedAhead} of the flood's jobs started between that job's acceptance and its start (first come, first served would have started ${fairness.fifoAhead}); it waited ${fmt(fairness.waitS, 2)} s, ${fmt(fairness.waitInJobTimes, 1)} times the median job's run.`);
  return parts.join('\n\n');
}

export function renderPlatform(results) {
  const { machine } = results;
  return `## Platform, as deployed

Measured by \`npm run bench:platform\` (tools/bench/platform/run.mjs) on ${results.at}: the three services as separate processes from \`dist/\` with default settings (tracing and info logs on), the machine's Postgres and Redis, ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, 1-minute load average ${fmt(machine.load, 2)} at the start. Figures are ratios to a baseline measured in the same run wherever the goal allows, since absolute times on this shared machine move by ±30%.

| Goal | Measured | Target | Verdict |
| --- | ---: | --- | --- |
${goals(results).join('\n')}

${results.tinyJobs ? tinyJobsSection(results) : ''}

${otherSections(results)}

${results.scale ? scaleSection(results) : ''}
`;
}
