import { execFileSync } from 'node:child_process';
import * as ts from 'typescript';
import { fromRoot } from './workspace';
import { K8sObject, objectId } from './k8s-objects';

/**
 * kustomize wraps long base64 Secret values over several lines; the API server's decoder skips line breaks,
 * the schema's `byte` format does not, so they are joined before validation.
 */
function joinBase64Lines(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  const data = Object.fromEntries(Object.entries(object.data).map(([k, v]) => [k, v.replace(/\s+/g, '')]));
  return { ...object, data };
}

/** Schema errors of each object, by `Kind/name` (see validate.mjs for why this runs in a child process). */
export function schemaErrors(objects: readonly K8sObject[]): Map<string, string[]> {
  const output = execFileSync(process.execPath, [fromRoot('k8s/test/validate.mjs')], {
    input: JSON.stringify(objects.map(joinBase64Lines)),
    encoding: 'utf8',
  });
  const results = JSON.parse(output) as { errors: string[] }[];
  if (results.length !== objects.length)
    throw new Error('validate.mjs answered for a different number of objects');
  return new Map(objects.map((object, i) => [objectId(object), results[i].errors]));
}

const options: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  skipLibCheck: true,
  types: [],
};
const declarations = new Map<string, ts.SourceFile>();

/** The same packages as validate.mjs: custom resources have their own. */
const CRD_PACKAGES: Record<string, string> = {
  'keda.sh': '@kubernetes-models/keda',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

function typesModule(object: K8sObject): string {
  const base = CRD_PACKAGES[object.apiVersion.split('/')[0]] ?? 'kubernetes-models';
  return `${base}/${object.apiVersion}/${object.kind}`;
}

/**
 * Fields the Kubernetes API does not define. The JSON schemas allow unknown properties (the API server
 * drops them, so a misspelt `readinessProbes` silently deploys a pod without a probe); the same packages'
 * TypeScript interfaces do not, so each object is type-checked as an object literal of its kind's interface.
 * TypeScript reports the first unknown field of each object.
 */
export function unknownFieldErrors(objects: readonly K8sObject[]): string[] {
  const file = fromRoot('k8s/test/__manifests__.ts');
  const source = [
    ...objects.map((o, i) => `import type { I${o.kind} as T${i} } from '${typesModule(o)}';`),
    ...objects.map((o, i) => `export const o${i}: T${i} = ${JSON.stringify(o)};`),
  ].join('\n');
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  const exists = host.fileExists.bind(host);
  host.getSourceFile = (name, version, ...rest) => {
    if (name === file) return ts.createSourceFile(name, source, version);
    // The packages' declarations do not change during a run: parse them once for every check.
    let parsed = declarations.get(name);
    if (!parsed) {
      parsed = readSource(name, version, ...rest);
      if (parsed) declarations.set(name, parsed);
    }
    return parsed;
  };
  host.fileExists = (name) => name === file || exists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line =
      d.file?.fileName === file && d.start !== undefined
        ? d.file.getLineAndCharacterOfPosition(d.start).line
        : -1;
    const object = objects[line - objects.length];
    const where = object ? objectId(object) : (d.file?.fileName ?? 'compiler');
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}
