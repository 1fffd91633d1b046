import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { appModel } from './app-model';
import { buildOutput, buildTarget } from './build-output';
import { all, copiesOf, envOf, execForm, parseDockerfile, Stage } from './dockerfile';
import { fromRoot, readText } from './workspace';

// An app's Dockerfile against the workspace: the Nx target it builds, the bundle folder it copies, the
// port, the health route, the variables, and how the process runs.

export const HEALTHCHECK_SCRIPT = 'docker/healthcheck.cjs';
const NODE_MAJOR = '20';

function workdir(stage: Stage): string {
  return all(stage, 'WORKDIR').at(-1) ?? '/';
}

function buildStageProblems(app: string, build: Stage, bundleDir: string): string[] {
  const problems: string[] = [];
  const env = envOf(build);
  if (env.get('NX_DAEMON') !== 'false' || env.get('NX_NO_CLOUD') !== 'true')
    problems.push('the build stage must set NX_DAEMON=false NX_NO_CLOUD=true');
  const runs = all(build, 'RUN');
  if (!runs.some((r) => r.startsWith('npm ci --ignore-scripts')))
    problems.push('the build stage must install with npm ci --ignore-scripts (see install-scripts.ts)');
  const nxRun = runs.map((r) => /^npx nx run (\S+):(\S+)$/.exec(r)).find(Boolean);
  if (!nxRun || nxRun[1] !== app || nxRun[2] !== 'build' || !buildTarget(app))
    problems.push(`the build stage must run \`npx nx run ${app}:build\` (an existing Nx target)`);
  // The generated package.json has no lockfile; the stage cuts the workspace one down to it, offline.
  if (
    !runs.some(
      (r) =>
        r.includes(`cp package-lock.json ${bundleDir}/`) &&
        r.includes(`cd ${bundleDir}`) &&
        /npm install --package-lock-only --omit=dev .*--offline/.test(r),
    )
  )
    problems.push(
      `the build stage must derive ${bundleDir}/package-lock.json from the workspace lockfile, offline`,
    );
  for (const copy of copiesOf(build)) {
    for (const source of copy.sources) {
      if (!existsSync(fromRoot(source))) problems.push(`COPY ${source}: not in the repository`);
    }
  }
  return problems;
}

function runtimeStageProblems(app: string, build: Stage, runtime: Stage): string[] {
  const problems: string[] = [];
  const model = appModel(app);
  const output = buildOutput(app);
  const bundle = posix.join(workdir(build), output.dir);
  const dir = workdir(runtime);
  const copies = copiesOf(runtime);
  const fromBuild = copies.filter((c) => c.from === (build.name ?? '0'));
  const copied = fromBuild.flatMap((c) => c.sources.map((s) => s.replace(/\/$/, '')));
  if (!copied.includes(bundle)) problems.push(`the runtime stage must copy the bundle folder ${bundle}/`);
  if (copied.some((s) => s !== bundle && !s.startsWith(`${bundle}/`)))
    problems.push(`the runtime stage copies from the build stage only ${bundle}/: ${copied.join(', ')}`);
  if (fromBuild.some((c) => posix.resolve(dir, c.destination) !== dir))
    problems.push(`the bundle must land in the WORKDIR ${dir}`);
  for (const copy of copies.filter((c) => c.from === undefined)) {
    if (copy.sources.some((s) => s !== HEALTHCHECK_SCRIPT))
      problems.push(`the runtime stage copies ${copy.sources.join(' ')} from the context`);
  }
  if (!all(runtime, 'RUN').some((r) => r.startsWith('npm ci --omit=dev --ignore-scripts')))
    problems.push(
      'the runtime stage must install production dependencies with npm ci --omit=dev --ignore-scripts',
    );
  const env = envOf(runtime);
  for (const name of env.keys()) {
    if (!model.env.has(name)) problems.push(`ENV ${name} is not read by ${app}`);
  }
  const port = Number(env.get('PORT') ?? model.defaultPort);
  if (port !== model.defaultPort) problems.push(`ENV PORT=${port}; ${app} defaults to ${model.defaultPort}`);
  if (all(runtime, 'EXPOSE').join(' ') !== String(port)) problems.push(`EXPOSE must be ${port}`);
  const storage = env.get('STORAGE_LOCAL_ROOT');
  if (
    storage &&
    !all(runtime, 'RUN').some(
      (r) => r.includes(`mkdir -p ${storage}`) && r.includes(`chown node:node ${storage}`),
    )
  )
    problems.push(`${storage} must exist and belong to node, so a volume mounted there is writable`);
  const userIndex = runtime.instructions.findLastIndex((i) => i.keyword === 'USER');
  const lastRun = runtime.instructions.findLastIndex((i) => i.keyword === 'RUN');
  if (runtime.instructions[userIndex]?.args !== 'node' || userIndex < lastRun)
    problems.push('the runtime stage must end as USER node, after every RUN');
  const health = execForm(
    all(runtime, 'HEALTHCHECK')
      .at(-1)
      ?.replace(/^(--\S+ )*CMD /, '') ?? '',
  );
  const script = posix.basename(HEALTHCHECK_SCRIPT);
  if (health?.join(' ') !== `node ${script}`)
    problems.push(`HEALTHCHECK must run ["node", "${script}"] (exec form)`);
  if (
    !copies.some((c) => c.sources.includes(HEALTHCHECK_SCRIPT) && posix.resolve(dir, c.destination) === dir)
  )
    problems.push(`${HEALTHCHECK_SCRIPT} must be copied into ${dir}`);
  const cmd = execForm(all(runtime, 'CMD').at(-1) ?? '');
  if (cmd?.join(' ') !== `node ${output.mainFile}`)
    problems.push(`CMD must be ["node", "${output.mainFile}"] in exec form, so SIGTERM reaches node`);
  if (all(runtime, 'ENTRYPOINT').length > 0)
    problems.push('no ENTRYPOINT: it would sit between the signal and node');
  return problems;
}

export function dockerfileProblems(app: string, text: string): string[] {
  const stages = parseDockerfile(text);
  if (stages.length !== 2) return [`expected a build and a runtime stage, found ${stages.length}`];
  const [build, runtime] = stages;
  const problems = stages
    .filter((s) => !new RegExp(`^node:${NODE_MAJOR}(\\.[\\d.]+)?-bookworm-slim$`).test(s.from))
    .map((s) => `FROM ${s.from}: use node:${NODE_MAJOR}-bookworm-slim`);
  const engines: string = JSON.parse(readText('package.json')).engines?.node ?? '';
  if (!engines.includes(`>=${NODE_MAJOR}.`))
    problems.push(`package.json engines (${engines}) do not allow Node ${NODE_MAJOR}`);
  return [
    ...problems,
    ...buildStageProblems(app, build, buildOutput(app).dir),
    ...runtimeStageProblems(app, build, runtime),
  ];
}
