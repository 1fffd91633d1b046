import { readdirSync } from 'node:fs';
import Ajv, { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { TemplateSet } from './go-template';
import { K8sObject, toObjects } from './k8s-objects';
import { TEMPLATE_FUNCTIONS } from './template-functions';
import { fromRoot, parseYamlStream, readText } from './workspace';

// Renders k8s/helm/validahub the way `helm template` would, as far as tests can without helm: values
// are the chart's values.yaml merged with overrides and must pass values.schema.json (helm refuses
// them otherwise), then every template renders with the subset interpreter of ./go-template.ts.

export const CHART_DIR = 'k8s/helm/validahub';
const TEMPLATES = `${CHART_DIR}/templates`;

export type Values = Record<string, unknown>;

/** Values files as Helm reads them (sigs.k8s.io/yaml: YAML 1.1). */
export function readValues(path: string): Values {
  return parse(readText(path), { version: '1.1' });
}

export function chartValues(): Values {
  return readValues(`${CHART_DIR}/values.yaml`);
}

export function valuesSchema(): Record<string, unknown> {
  return JSON.parse(readText(`${CHART_DIR}/values.schema.json`));
}

/** Helm's coalescing: maps merge key by key, anything else is replaced, null removes the key. */
export function mergeValues(base: Values, override: Values): Values {
  const merged: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else if (isMap(value) && isMap(current)) merged[key] = mergeValues(current, value);
    else merged[key] = value;
  }
  return merged;
}

function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

let compiled: ValidateFunction | undefined;

/** Schema errors of a complete values tree (draft-07, as helm validates it). */
export function valuesErrors(values: Values): string[] {
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(valuesSchema());
  return compiled(values) ? [] : (compiled.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

function templateFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(fromRoot(TEMPLATES)).sort())
    files[`validahub/templates/${name}`] = readText(`${TEMPLATES}/${name}`);
  return files;
}

export interface Release {
  readonly name: string;
  readonly namespace: string;
}

export interface Rendering {
  readonly objects: K8sObject[];
  readonly notes: string;
}

export function renderChart(override: Values, release: Release): Rendering {
  const values = mergeValues(chartValues(), override);
  const errors = valuesErrors(values);
  if (errors.length > 0) throw new Error(`values do not match values.schema.json: ${errors.join('; ')}`);
  const chart = readValues(`${CHART_DIR}/Chart.yaml`);
  const files = templateFiles();
  const templates = new TemplateSet(files, TEMPLATE_FUNCTIONS);
  const context = (name: string) => ({
    Values: values,
    Release: {
      Name: release.name,
      Namespace: release.namespace,
      Service: 'Helm',
      IsInstall: true,
      IsUpgrade: false,
      Revision: 1,
    },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: String(chart.appVersion) },
    Template: { Name: name, BasePath: 'validahub/templates' },
  });
  const objects: K8sObject[] = [];
  let notes = '';
  for (const name of Object.keys(files)) {
    const base = name.split('/').pop() ?? '';
    if (base.startsWith('_')) continue;
    const output = templates.render(name, context(name));
    if (base === 'NOTES.txt') notes = output;
    else objects.push(...toObjects(parseYamlStream(output, name), name));
  }
  return { objects, notes };
}
