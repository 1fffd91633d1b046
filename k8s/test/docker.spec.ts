import { deployableApps } from './support/app-model';
import { buildOutput } from './support/build-output';
import { dockerfileProblems } from './support/dockerfile-checks';
import { dockerignoreProblems } from './support/dockerignore';
import { unreviewedInstallScripts } from './support/install-scripts';
import { readText } from './support/workspace';

describe.each(deployableApps())('docker/%s.Dockerfile', (app) => {
  const text = readText(`docker/${app}.Dockerfile`);

  it('builds the app with Nx and ships its bundle, port, health check and command', () => {
    expect(dockerfileProblems(app, text)).toEqual([]);
  });

  it('copies the folder holding every bundle file, thread entries included', () => {
    const output = buildOutput(app);
    expect(output.dir).toBe(`dist/apps/${app}`);
    expect(output.files).toContain(output.mainFile);
    expect(text).toContain(`COPY --from=build /workspace/${output.dir}/ ./`);
  });
});

it('skips only install scripts known to be unneeded (the images run npm ci --ignore-scripts)', () => {
  expect(unreviewedInstallScripts()).toEqual([]);
});

it('the worker bundle has its thread entry next to main.js', () => {
  expect(buildOutput('csv-worker').files).toEqual(expect.arrayContaining(['main.js', 'csv-check.thread.js']));
});

const GATEWAY = readText('docker/api-gateway.Dockerfile');

const MISTAKES: [string, [string | RegExp, string], RegExp][] = [
  [
    'a build target that does not exist',
    ['nx run api-gateway:build', 'nx run api-gateway:bundle'],
    /must run `npx nx run api-gateway:build`/,
  ],
  [
    'a bundle folder webpack does not write',
    ['--from=build /workspace/dist/apps/api-gateway/ ./', '--from=build /workspace/dist/api-gateway/ ./'],
    /must copy the bundle folder \/workspace\/dist\/apps\/api-gateway\//,
  ],
  [
    'the whole workspace in the image',
    ['COPY docker/healthcheck.cjs ./', 'COPY . ./'],
    /copies \. from the context/,
  ],
  [
    'a dependency install without the lockfile',
    [/npm install --package-lock-only[^\n]*/, 'true'],
    /derive dist\/apps\/api-gateway\/package-lock.json/,
  ],
  ['dev dependencies at run time', ['npm ci --omit=dev', 'npm install'], /npm ci --omit=dev/],
  ['install scripts in the build', ['npm ci --ignore-scripts', 'npm ci'], /npm ci --ignore-scripts/],
  [
    'another Node',
    [/FROM node:20-bookworm-slim$/m, 'FROM node:22-bookworm-slim'],
    /FROM node:22-bookworm-slim: use node:20-bookworm-slim/,
  ],
  ['the Nx daemon in a build', ['NX_DAEMON=false', 'NX_DAEMON=true'], /NX_DAEMON=false/],
  ['a port the app does not listen on', ['EXPOSE 3000', 'EXPOSE 8080'], /EXPOSE must be 3000/],
  [
    'PORT moved away from the default',
    ['ENV PORT=3000', 'ENV PORT=3005'],
    /ENV PORT=3005; api-gateway defaults to 3000/,
  ],
  [
    'a variable the app does not read',
    ['ENV PORT=3000', 'ENV HTTP_PORT=3000 PORT=3000'],
    /ENV HTTP_PORT is not read by api-gateway/,
  ],
  [
    'a files folder node cannot write',
    ['chown node:node /data/files', 'true'],
    /\/data\/files must exist and belong to node/,
  ],
  ['running as root', ['USER node', 'USER root'], /must end as USER node/],
  [
    'a shell between the signal and node',
    ['CMD ["node", "main.js"]', 'CMD node main.js'],
    /CMD must be \["node", "main.js"\] in exec form/,
  ],
  ['a wrong entry file', ['CMD ["node", "main.js"]', 'CMD ["node", "index.js"]'], /CMD must be/],
  [
    'an entrypoint wrapper',
    ['CMD ["node", "main.js"]', 'ENTRYPOINT ["sh", "-c"]\nCMD ["node", "main.js"]'],
    /no ENTRYPOINT/,
  ],
  [
    'a health check in shell form',
    ['CMD ["node", "healthcheck.cjs"]', 'CMD node healthcheck.cjs'],
    /HEALTHCHECK must run \["node", "healthcheck.cjs"\]/,
  ],
];

it.each(MISTAKES)('reports %s', (_, [from, to], reported) => {
  const mutated = GATEWAY.replace(from, to);
  expect(mutated).not.toBe(GATEWAY);
  expect(dockerfileProblems('api-gateway', mutated).join('\n')).toMatch(reported);
});

describe('.dockerignore', () => {
  const text = readText('.dockerignore');

  it('drops local state and modules and keeps what the build reads', () => {
    expect(dockerignoreProblems(text)).toEqual([]);
  });

  it('reports a file the build needs, and state it keeps', () => {
    expect(dockerignoreProblems(`${text}\nlibs/*/src\n`).join()).toMatch(
      /drops files the build needs: libs\//,
    );
    expect(dockerignoreProblems(`${text}\ntools\n`).join()).toMatch(
      /drops files the build needs: tools\/webpack/,
    );
    expect(
      dockerignoreProblems(text.replace(/^node_modules$/m, '').replace('**/node_modules', '')).join(),
    ).toMatch(/must drop node_modules\/x, libs\/queue\/node_modules\/x/);
  });
});
