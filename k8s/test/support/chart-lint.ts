import { readdirSync } from 'node:fs';
import { CHART_DIR, chartValues, valuesSchema } from './helm-chart';
import { fromRoot, readText } from './workspace';

// Static checks of the chart's templates, covering branches no test rendering takes.

function templates(): { file: string; text: string }[] {
  return readdirSync(fromRoot(CHART_DIR, 'templates'))
    .sort()
    .map((file) => ({ file, text: readText(`${CHART_DIR}/templates/${file}`) }));
}

type Schema = { properties?: Record<string, Schema>; additionalProperties?: boolean | Schema; $ref?: string };

function resolve(schema: Schema, root: Schema & { definitions?: Record<string, Schema> }): Schema {
  const name = schema.$ref?.replace('#/definitions/', '');
  return name ? (root.definitions?.[name] ?? {}) : schema;
}

function inSchema(path: string[]): boolean {
  const root = valuesSchema() as Schema;
  let node: Schema = root;
  for (const key of path) {
    node = resolve(node, root);
    const next =
      node.properties?.[key] ??
      (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    if (!next) return false;
    node = next;
  }
  return true;
}

function inValues(path: string[]): boolean {
  let node: unknown = chartValues();
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** `.Values.a.b` read by a template but absent from values.yaml or values.schema.json. */
export function unknownValuesPaths(): string[] {
  return templates().flatMap(({ file, text }) =>
    [...text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].flatMap((match) => {
      const path = match[1].slice(1).split('.');
      const missing = [!inValues(path) && 'values.yaml', !inSchema(path) && 'values.schema.json'].filter(
        Boolean,
      );
      return missing.length > 0
        ? [`${file}: .Values.${path.join('.')} is not in ${missing.join(' nor ')}`]
        : [];
    }),
  );
}

/** `include "name"` of a template nobody defines. */
export function undefinedIncludes(): string[] {
  const all = templates();
  const defined = new Set(
    all.flatMap(({ text }) => [...text.matchAll(/define "([^"]+)"/g)].map((m) => m[1])),
  );
  return all.flatMap(({ file, text }) =>
    [...text.matchAll(/include "([^"]+)"/g)]
      .filter((m) => !defined.has(m[1]))
      .map((m) => `${file}: include "${m[1]}" is not defined`),
  );
}
