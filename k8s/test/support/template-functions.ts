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

/** Go's `%s`/`%v`/`%d`/`%%` (the verbs the chart uses); `%d` takes only integers (Go prints a float64 as %!d(…)). */
function printf(format: string, args: unknown[]): string {
  let next = 0;
  return format.replace(/%([svd%])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) throw new Error(`printf ${format}: missing argument`);
    const value = args[next++];
    if (verb === 'd' && typeof value !== 'bigint')
      throw new Error(`printf %d of ${typeof value} ${text(value)}`);
    return text(value);
  });
}

/**
 * Sprig's toInt64 (spf13/cast): integers as they are, float64 truncated, decimal strings parsed. What cast
 * does otherwise (0 for nil or junk, octal for a leading zero) is not modelled: it throws.
 */
function int64(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.trunc(value));
  if (typeof value === 'string' && /^-?(0|[1-9][0-9]*)$/.test(value)) return BigInt(value);
  throw new Error(`int64 of ${typeof value} ${JSON.stringify(value)} is not modelled`);
}

/** Go's lt/le: both operands of one basic kind (int, float64, string), else an error as in Go. */
function compare(name: string, a: unknown, b: unknown): boolean {
  const kind = (v: unknown) =>
    typeof v === 'bigint' ? 'int' : typeof v === 'number' ? 'float64' : typeof v === 'string' ? 'string' : '';
  if (!kind(a) || !kind(b)) throw new Error(`${name}: invalid type for comparison`);
  if (kind(a) !== kind(b)) throw new Error(`${name}: incompatible types for comparison`);
  const x = a as bigint | number | string;
  const y = b as bigint | number | string;
  return name === 'lt' ? x < y : x <= y;
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

function dictArg(name: string, value: unknown): Dict {
  if (!isDict(value)) throw new Error(`${name} needs a map`);
  return value;
}

/** Sprig's mergeOverwrite (mergo with override): maps merged deeply into `dst`, anything else replaced. */
function mergeInto(dst: Dict, src: Dict): Dict {
  for (const [key, value] of Object.entries(src)) {
    const current = dst[key];
    if (isDict(current) && isDict(value)) mergeInto(current, value);
    else dst[key] = value;
  }
  return dst;
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
  // Sprig's get: the key's value, or "" when the map lacks it.
  get: ([map, key]) => {
    if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new Error('get needs a map');
    return Object.hasOwn(map, String(key)) ? (map as Record<string, unknown>)[String(key)] : '';
  },
  // Helm's fail: stops the rendering (helm install/upgrade/template) with the message.
  fail: ([message]) => {
    if (typeof message !== 'string') throw new Error('fail needs a string');
    throw new Error(message);
  },
  // Sprig's integer arithmetic: every operand through toInt64, an int64 result.
  int64: ([value]) => int64(value),
  add: (args) => args.reduce<bigint>((sum, a) => sum + int64(a), 0n),
  sub: ([a, b]) => int64(a) - int64(b),
  mul: ([a, ...rest]) => rest.reduce<bigint>((product, v) => product * int64(v), int64(a)),
  div: ([a, b]) => {
    if (int64(b) === 0n) throw new Error('div: integer divide by zero');
    return int64(a) / int64(b); // truncates toward zero, as Go's integer division
  },
  // Sprig's dict functions the worker pools use: set (in place, returns the map), omit, deepCopy,
  // mergeOverwrite (into the first map, which it returns).
  set: ([map, key, value]) => {
    dictArg('set', map)[String(key)] = value;
    return map;
  },
  omit: ([map, ...keys]) =>
    Object.fromEntries(Object.entries(dictArg('omit', map)).filter(([k]) => !keys.map(String).includes(k))),
  deepCopy: ([value]) => structuredClone(value),
  mergeOverwrite: ([dst, ...srcs]) =>
    srcs.reduce<Dict>(
      (d, src) => mergeInto(d, dictArg('mergeOverwrite', src)),
      dictArg('mergeOverwrite', dst),
    ),
  // Sprig's list functions: append (a new list), join (the piped list last), has (the piped list last).
  append: ([items, value]) => {
    if (!Array.isArray(items)) throw new Error('append needs a list');
    return [...items, value];
  },
  join: ([separator, items]) => {
    if (!Array.isArray(items)) throw new Error('join needs a list');
    return items.map(text).join(String(separator));
  },
  has: ([needle, items]) => {
    if (!Array.isArray(items)) throw new Error('has needs a list');
    return items.includes(needle);
  },
  lt: ([a, b]) => compare('lt', a, b),
  le: ([a, b]) => compare('le', a, b),
};
