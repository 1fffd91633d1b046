// Validates Kubernetes objects (a JSON array on stdin) against the OpenAPI schemas shipped by the
// kubernetes-models packages (core, KEDA and prometheus-operator). Those packages are ESM-only, which jest's CommonJS runtime
// cannot import, so the specs run this script as a child process and read its JSON answer on stdout:
// one entry per object, with its schema errors; an object of a kind no package knows is an error too.
import { readFileSync } from 'node:fs';

/** kubernetes-models splits models by API group; custom resources live in packages of their own. */
const CRD_PACKAGES = {
  'keda.sh': '@kubernetes-models/keda',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

function modelModule(apiVersion, kind) {
  const base = CRD_PACKAGES[apiVersion.split('/')[0]] ?? 'kubernetes-models';
  return `${base}/${apiVersion}/${kind}`;
}

async function validate(object) {
  const { apiVersion, kind } = object;
  const name = object.metadata?.name;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return { apiVersion, kind, name, errors: ['apiVersion and kind are required'] };
  let Model;
  try {
    Model = (await import(modelModule(apiVersion, kind)))[kind];
  } catch {
    Model = undefined;
  }
  if (typeof Model !== 'function')
    return { apiVersion, kind, name, errors: [`no schema for ${apiVersion} ${kind}`] };
  try {
    new Model(object).validate();
    return { apiVersion, kind, name, errors: [] };
  } catch (error) {
    return { apiVersion, kind, name, errors: [error instanceof Error ? error.message : String(error)] };
  }
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = await Promise.all(objects.map(validate));
process.stdout.write(JSON.stringify(results));
