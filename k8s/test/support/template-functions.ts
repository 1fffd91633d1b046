import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { print, TemplateFunction, truthy } from './go-template';

// The Helm and Sprig functions the chart uses, with Helm's behaviour (argument order included: the piped
// value comes last). Any other function is an error, which keeps the chart inside what is tested here.

function text(value: unknown): string {
  return print(value);
}

function indent(width: unknown, value: unknown): string {
  const pad = ' '.repeat(Number(width));
  return pad + text(value).replace(/\n/g, `\n${pad}`);
}

/** Sprig's `empty`: what `default` replaces. */
function empty(value: unknown): boolean {
  return !truthy(value);
}

/** Go's `%s`/`%v`/`%d`/`%%` (the verbs the chart uses). */
function printf(format: string, args: unknown[]): string {
  let next = 0;
  return format.replace(/%([svd%])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) throw new Error(`printf ${format}: missing argument`);
    const value = args[next++];
    if (verb === 'd' && !Number.isInteger(value)) throw new Error(`printf %d of ${text(value)}`);
    return verb === 'd' ? String(value) : text(value);
  });
}

export const TEMPLATE_FUNCTIONS: Record<string, TemplateFunction> = {
  include: ([name, data], render) => render(String(name), data),
  // sigs.k8s.io/yaml: sorted keys, YAML 1.1 quoting (`"off"` stays a string); Helm trims the last newline.
  toYaml: ([value]) =>
    stringify(value ?? null, { version: '1.1', sortMapEntries: true, lineWidth: 0 }).replace(/\n$/, ''),
  nindent: ([width, value]) => `\n${indent(width, value)}`,
  quote: (args) =>
    args
      .filter((a) => a !== undefined && a !== null)
      .map((a) => JSON.stringify(text(a)))
      .join(' '),
  default: ([fallback, value]) => (empty(value) ? fallback : value),
  required: ([message, value]) => {
    if (value === undefined || value === null || value === '') throw new Error(String(message));
    return value;
  },
  b64enc: ([value]) => Buffer.from(text(value)).toString('base64'),
  sha256sum: ([value]) => createHash('sha256').update(text(value)).digest('hex'),
  printf: ([format, ...args]) => printf(String(format), args),
  // fmt.Sprint: a space between two operands when neither is a string.
  print: (args) =>
    args
      .map((a, i) => (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string' ? ' ' : '') + text(a))
      .join(''),
  dict: (args) => {
    if (args.length % 2 !== 0) throw new Error('dict needs key/value pairs');
    const entries: [string, unknown][] = [];
    for (let i = 0; i < args.length; i += 2) entries.push([String(args[i]), args[i + 1]]);
    return Object.fromEntries(entries);
  },
  trunc: ([length, value]) => {
    if (Number(length) < 0) throw new Error('trunc from the end is not modelled');
    return text(value).slice(0, Number(length));
  },
  trimSuffix: ([suffix, value]) => {
    const s = text(value);
    return s.endsWith(String(suffix)) ? s.slice(0, s.length - String(suffix).length) : s;
  },
  not: ([value]) => !truthy(value),
  list: (args) => args,
};
