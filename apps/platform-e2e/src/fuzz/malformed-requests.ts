import fc from 'fast-check';
import {
  brief,
  encodeComponent,
  forgedToken,
  headerSafe,
  hostileHeaderValue,
  hostileJson,
  hostileOrHuge,
  hostileSegment,
  hostileText,
} from './hostile-values';
import { JsonSchema, Operation, Parameter } from './openapi-operations';

/** One request as it goes on the wire, and what was done to it (for the report). */
export interface FuzzRequest {
  readonly method: string;
  /** Sent exactly as written (no client-side normalisation of `.`, `..` or escapes). */
  readonly path: string;
  /** An array value sends the header once per element. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: Buffer;
  readonly notes: readonly string[];
}

/** What the platform under test holds, so that some values are valid and requests get past the first check. */
export interface FuzzContext {
  /** Valid values by parameter or property name: real job ids, tenant ids, key ids, input URIs… */
  readonly known: Readonly<Record<string, readonly string[]>>;
  /** A tenant's API key and the admin token. */
  readonly credentials: { readonly tenant: string; readonly admin: string };
}

interface Part {
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: Buffer;
  readonly notes: readonly string[];
}

/** `arbitrary`'s value about once in `n` draws, null otherwise. */
const onceIn = <T>(n: number, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: n - 1 }, { arbitrary, weight: 1 });

const isAdminRoute = (operation: Operation) => operation.path.startsWith('/api/v1/admin/');

/** A schema-valid value, preferring what the platform holds (`known`) so the request goes deep. */
export function validValue(schema: JsonSchema, known: FuzzContext['known'], name = ''): unknown {
  if (known[name]?.length) return known[name][0];
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([property]) => schema.required?.includes(property))
          .map(([property, sub]) => [property, validValue(sub, known, property)]),
      );
    case 'array':
      return [];
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return schema.example ?? (schema.format === 'date-time' ? new Date(0).toISOString() : 'x');
  }
}

/** Every property of an object schema with its path, nested ones included (`params.input_uri`). */
function properties(schema: JsonSchema, prefix: string[] = []): [string[], JsonSchema][] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, sub]): [string[], JsonSchema][] => [
    [[...prefix, name], sub],
    ...properties(sub, [...prefix, name]),
  ]);
}

/** A value of the type `schema` asks for, chosen to hurt: near-miss enums, out-of-range numbers, hostile text. */
function hostileOfType(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum?.length)
    return fc
      .tuple(fc.constantFrom(...schema.enum.map(String)), fc.constantFrom('upper', 'padded', 'nul', 'prefix'))
      .map(([value, how]) =>
        how === 'upper'
          ? value.toUpperCase()
          : how === 'padded'
            ? ` ${value} `
            : how === 'nul'
              ? `${value}\u0000`
              : value.slice(0, -1),
      );
  switch (schema.type) {
    case 'string':
      return hostileOrHuge;
    case 'number':
    case 'integer':
      return fc.oneof(
        fc.constantFrom(
          (schema.minimum ?? 0) - 1,
          (schema.maximum ?? 0) + 1,
          -0,
          0.5,
          1e308,
          -1e308,
          2 ** 53 + 1,
        ),
        fc.double(),
      );
    case 'object':
      return fc.dictionary(hostileText, fc.oneof(hostileText, fc.array(hostileText), hostileJson), {
        maxKeys: 4,
      });
    case 'array':
      return fc.array(hostileJson, { maxLength: 4 });
    default:
      return hostileJson;
  }
}

/** Required properties, with the path of the object that requires them. */
function requiredPaths(schema: JsonSchema, prefix: string[] = []): string[][] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, sub]) => [
    ...(schema.required?.includes(name) ? [[...prefix, name]] : []),
    ...requiredPaths(sub, [...prefix, name]),
  ]);
}

/** `root` with the value at `path` replaced (`undefined` deletes it); objects are created on the way. */
function withValueAt(root: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const object: Record<string, unknown> =
    typeof root === 'object' && root !== null && !Array.isArray(root) ? { ...root } : {};
  const [head, ...rest] = path;
  const next = withValueAt(object[head], rest, value);
  if (next === undefined) delete object[head];
  else object[head] = next;
  return object;
}

type BodyEdit = { readonly apply: (body: unknown) => unknown; readonly note: string };

/** Structural edits of a JSON body: hostile values of the right or a wrong type, nulls, fields missing or extra. */
function jsonEdits(schema: JsonSchema): fc.Arbitrary<BodyEdit> {
  const fields = properties(schema);
  const required = requiredPaths(schema);
  const edits: fc.WeightedArbitrary<BodyEdit>[] = [
    {
      arbitrary: fc
        .tuple(
          fc.array(
            fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'status', 'tenant_id', 'x'),
            {
              minLength: 1,
              maxLength: 3,
            },
          ),
          hostileJson,
        )
        .map(([names, value]) => ({
          apply: (body: unknown) => names.reduce((b, name) => withValueAt(b, [name], value), body),
          note: `extra ${names.join(',')}=${brief(value)}`,
        })),
      weight: 1,
    },
    {
      arbitrary: hostileJson.map((value) => ({ apply: () => value, note: `body=${brief(value)}` })),
      weight: 1,
    },
  ];
  if (fields.length > 0)
    edits.push(
      {
        arbitrary: fc.constantFrom(...fields).chain(([path, sub]) =>
          fc.oneof(hostileOfType(sub), hostileJson).map((value) => ({
            apply: (body: unknown) => withValueAt(body, path, value),
            note: `${path.join('.')}=${brief(value)}`,
          })),
        ),
        weight: 5,
      },
      {
        arbitrary: fc.constantFrom(...fields).map(([path]) => ({
          apply: (body: unknown) => withValueAt(body, path, null),
          note: `${path.join('.')}=null`,
        })),
        weight: 1,
      },
    );
  if (required.length > 0)
    edits.push({
      arbitrary: fc.constantFrom(...required).map((path) => ({
        apply: (body: unknown) => withValueAt(body, path, undefined),
        note: `without ${path.join('.')}`,
      })),
      weight: 1,
    });
  return fc.oneof(...edits);
}

type TextEdit = { readonly apply: (text: Buffer) => Buffer; readonly note: string };

/** Edits of the serialised body: cut short, invalid UTF-8, a BOM, duplicate or prototype keys, nesting. */
const jsonTextEdits: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((at) => ({
    apply: (text: Buffer) => text.subarray(0, Math.floor(text.length * at)),
    note: 'truncated',
  })),
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom(
        [0xff, 0xfe],
        [0xc3],
        [0xed, 0xa0, 0x80],
        [0xf4, 0x90, 0x80, 0x80],
        [0xc0, 0xaf],
        [0x00],
      ),
    )
    .map(([at, bytes]) => ({
      apply: (text: Buffer) => {
        const cut = Math.floor(text.length * at);
        return Buffer.concat([text.subarray(0, cut), Buffer.from(bytes), text.subarray(cut)]);
      },
      note: `bytes ${Buffer.from(bytes).toString('hex')} inserted`,
    })),
  fc.constant({
    apply: (text: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]),
    note: 'BOM',
  }),
  fc
    .constantFrom('{"__proto__":{"admin":true},', '{"task":1,"task":"validate_csv_job",', '{"":0,')
    .map((head) => ({
      apply: (text: Buffer) =>
        text[0] === 0x7b && text.length > 2 ? Buffer.concat([Buffer.from(head), text.subarray(1)]) : text,
      note: `keys ${head}`,
    })),
  fc.constantFrom(33, 5_000, 200_000).map((depth) => ({
    apply: () => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`),
    note: `nested ${depth} deep`,
  })),
  fc.constantFrom('', 'null', '"text"', '[]', '{', '}', 'NaN', '{"a":1}garbage', '\n\n').map((text) => ({
    apply: () => Buffer.from(text),
    note: `body ${JSON.stringify(text)}`,
  })),
);

/** A JSON body: valid for `schema`, then 1–3 structural edits, and sometimes an edit of its bytes. */
function jsonBody(schema: JsonSchema, context: FuzzContext): fc.Arbitrary<Part> {
  return fc
    .tuple(fc.array(jsonEdits(schema), { minLength: 0, maxLength: 3 }), onceIn(3, jsonTextEdits))
    .map(([edits, textEdit]) => {
      const value = edits.reduce((body, edit) => edit.apply(body), validValue(schema, context.known));
      const text = Buffer.from(JSON.stringify(value) ?? '');
      return {
        headers: { 'content-type': 'application/json' },
        body: textEdit ? textEdit.apply(text) : text,
        notes: [...edits.map((e) => e.note), ...(textEdit ? [textEdit.note] : [])],
      };
    });
}

const CSV = 'sku,title,price\nA-1,Caneca azul,"R$ 10,00"\n';

/** What a file part may hold: a catalog, nothing, invalid UTF-8, binary, a hostile header row, bulk. */
const fileContent: fc.Arbitrary<{ bytes: Buffer; note: string }> = fc.oneof(
  { arbitrary: fc.constant({ bytes: Buffer.from(CSV), note: 'csv' }), weight: 6 },
  { arbitrary: fc.constant({ bytes: Buffer.alloc(0), note: 'empty file' }), weight: 3 },
  {
    arbitrary: fc.constant({
      bytes: Buffer.from([0x73, 0x6b, 0x75, 0x0a, 0xff, 0xfe, 0xc3, 0x28, 0x0a]),
      note: 'invalid UTF-8',
    }),
    weight: 3,
  },
  {
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 2_000 })
      .map((bytes) => ({ bytes: Buffer.from(bytes), note: 'binary' })),
    weight: 3,
  },
  {
    arbitrary: hostileText.map((text) => ({
      bytes: Buffer.from(`${text},${text}\n1,2\n`),
      note: `header ${brief(text)}`,
    })),
    weight: 3,
  },
  {
    arbitrary: fc.integer({ min: 1, max: 2_000 }).map((rows) => ({
      bytes: Buffer.from(`sku,title\n${'"unclosed,quote\n'.repeat(rows)}`),
      note: `unclosed quote × ${rows}`,
    })),
    weight: 3,
  },
  {
    // Past the platform's upload limits.
    arbitrary: fc.integer({ min: 100_000, max: 3_000_000 }).map((bytes) => ({
      bytes: Buffer.from(`sku,title\n${'A-1,Caneca\n'.repeat(Math.ceil(bytes / 11))}`),
      note: `catalog of ${bytes} bytes`,
    })),
    weight: 1,
  },
);

interface FormPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly bytes: Buffer;
}

/** A multipart body for `schema`: fields missing, repeated or hostile, odd file parts, broken framing. */
function multipartBody(schema: JsonSchema, context: FuzzContext): fc.Arbitrary<Part> {
  const fields = Object.entries(schema.properties ?? {});
  const fieldParts = fields.map(([name, sub]): fc.Arbitrary<{ parts: FormPart[]; note: string }> =>
    sub.format === 'binary'
      ? fc
          .tuple(
            fc.constantFrom(0, 1, 1, 1, 2),
            fileContent,
            fc.option(
              fc.oneof(fc.constantFrom('c.csv', '', '../../../x.csv', 'a"b.csv', 'ü.csv'), hostileText),
            ),
            fc.option(
              fc.constantFrom('text/csv', 'application/octet-stream', 'text/csv; charset=latin1', 'x/y'),
            ),
          )
          .map(([copies, content, filename, contentType]) => ({
            parts: Array.from({ length: copies }, () => ({
              name,
              filename: filename ?? undefined,
              contentType: contentType ?? undefined,
              bytes: content.bytes,
            })),
            note: `${name}×${copies} ${content.note}${filename === null ? ' no filename' : ` filename=${brief(filename)}`}`,
          }))
      : fc
          .tuple(
            fc.constantFrom(0, 1, 1, 1, 2),
            fc.oneof(fc.constant(String(validValue(sub, context.known, name))), hostileText),
          )
          .map(([copies, value]) => ({
            parts: Array.from({ length: copies }, () => ({ name, bytes: Buffer.from(value) })),
            note: `${name}×${copies}=${brief(value)}`,
          })),
  );
  const extra = onceIn(
    4,
    fc.tuple(hostileText, hostileText).map(([name, value]) => ({
      parts: [{ name: headerSafe(name).replace(/"/g, ''), bytes: Buffer.from(value) }],
      note: `extra field ${brief(name)}`,
    })),
  );
  const framing = fc.constantFrom(
    'ok',
    'ok',
    'ok',
    'no boundary parameter',
    'other boundary',
    'LF line endings',
    'no closing delimiter',
    'preamble and epilogue',
    'part without headers',
    'quoted boundary',
    'boundary of 200 characters',
  );
  return fc.tuple(fc.tuple(...fieldParts), extra, framing).map(([chosen, more, frame]) => {
    const parts: FormPart[] = [...chosen.flatMap((c) => c.parts), ...(more?.parts ?? [])];
    const boundary = frame === 'boundary of 200 characters' ? 'b'.repeat(200) : 'vh-fuzz-boundary';
    const eol = frame === 'LF line endings' ? '\n' : '\r\n';
    const chunks: Buffer[] = [];
    if (frame === 'preamble and epilogue') chunks.push(Buffer.from(`preamble garbage${eol}`));
    for (const part of parts) {
      const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
      const head =
        frame === 'part without headers'
          ? ''
          : `Content-Disposition: ${disposition}${eol}${part.contentType ? `Content-Type: ${part.contentType}${eol}` : ''}`;
      chunks.push(Buffer.from(`--${boundary}${eol}${head}${eol}`), part.bytes, Buffer.from(eol));
    }
    if (frame !== 'no closing delimiter') chunks.push(Buffer.from(`--${boundary}--${eol}`));
    if (frame === 'preamble and epilogue') chunks.push(Buffer.from('epilogue'));
    const declared =
      frame === 'no boundary parameter'
        ? 'multipart/form-data'
        : frame === 'other boundary'
          ? 'multipart/form-data; boundary=not-the-one'
          : frame === 'quoted boundary'
            ? `multipart/form-data; boundary="${boundary}"`
            : `multipart/form-data; boundary=${boundary}`;
    return {
      headers: { 'content-type': declared },
      body: Buffer.concat(chunks),
      notes: [...chosen.map((c) => c.note), ...(more ? [more.note] : []), `framing: ${frame}`],
    };
  });
}

/** A raw body of the declared type (e.g. `text/csv`): any bytes. */
const rawBody = (contentType: string): fc.Arbitrary<Part> =>
  fileContent.map((content) => ({
    headers: { 'content-type': contentType },
    body: content.bytes,
    notes: [`${contentType} ${content.note}`],
  }));

/** A body of the wrong kind, for a route that takes none or another one. */
const strayBody: fc.Arbitrary<Part> = fc
  .tuple(
    fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'text/csv'),
    fc.oneof(
      hostileJson.map((v) => JSON.stringify(v) ?? ''),
      hostileText,
    ),
  )
  .map(([type, text]) => ({
    headers: { 'content-type': type },
    body: Buffer.from(text),
    notes: [`stray ${type} body`],
  }));

/** The body of a request to `operation`: for each declared content type, or none, or a stray one. */
function bodyOf(operation: Operation, context: FuzzContext): fc.Arbitrary<Part> {
  const none: fc.Arbitrary<Part> = fc.constant({ headers: {}, notes: [] });
  const declared = operation.bodies.map(({ contentType, schema }) =>
    contentType === 'application/json'
      ? jsonBody(schema, context)
      : contentType.startsWith('multipart/')
        ? multipartBody(schema, context)
        : rawBody(contentType),
  );
  return declared.length > 0
    ? fc.oneof(
        { arbitrary: fc.oneof(...declared), weight: 8 },
        { arbitrary: none, weight: 1 },
        { arbitrary: strayBody, weight: 1 },
      )
    : fc.oneof({ arbitrary: none, weight: 4 }, { arbitrary: strayBody, weight: 1 });
}

/** A value of a declared parameter: a valid one, a hostile one, or a forged token where text is free. */
const parameterValue = (parameter: Parameter, context: FuzzContext): fc.Arbitrary<string> => {
  const freeText = parameter.schema.type === 'string' && !parameter.schema.enum && !parameter.schema.format;
  return fc.oneof(
    {
      arbitrary: fc.constant(String(validValue(parameter.schema, context.known, parameter.name))),
      weight: 2,
    },
    { arbitrary: hostileOrHuge, weight: 4 },
    { arbitrary: freeText ? forgedToken : hostileText, weight: 1 },
  );
};

/** A declared query parameter: absent, once (valid or not), or repeated. */
const parameterValues = (parameter: Parameter, context: FuzzContext): fc.Arbitrary<string[]> =>
  fc.oneof(
    { arbitrary: fc.constant<string[]>([]), weight: 3 },
    { arbitrary: parameterValue(parameter, context).map((value) => [value]), weight: 5 },
    { arbitrary: fc.array(parameterValue(parameter, context), { minLength: 2, maxLength: 3 }), weight: 1 },
  );

/** The query string: each declared parameter absent, once or repeated; odd undeclared ones; raw escapes. */
function queryOf(operation: Operation, context: FuzzContext): fc.Arbitrary<Part & { query: string }> {
  const declared = operation.queryParams.map((parameter) =>
    parameterValues(parameter, context).map((values) =>
      values.map((value) => [parameter.name, value] as const),
    ),
  );
  const undeclared = onceIn(
    4,
    fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            '__proto__',
            'constructor',
            'limit[]',
            'status[0]',
            'after[a]',
            '',
            'a'.repeat(3_000),
          ),
          hostileText,
        ),
        hostileText,
      ),
      { minLength: 1, maxLength: 2 },
    ),
  );
  // Sent as written: stray escapes, separators, and (rarely) bytes a URL may not hold.
  const raw = onceIn(
    5,
    fc.oneof(
      { arbitrary: fc.constantFrom('%', '%zz', '&&&', '=', '?', '%ff%fe', 'a=%E0%A4%A', '+=+'), weight: 6 },
      { arbitrary: fc.constant('\u00e9=\u00ff'), weight: 1 },
    ),
  );
  return fc.tuple(fc.tuple(...declared), undeclared, raw).map(([pairs, odd, tail]) => {
    const all = [...pairs.flat(), ...(odd ?? [])];
    const text = all.map(([name, value]) => `${encodeComponent(name)}=${encodeComponent(value)}`).join('&');
    const query = [text, tail ?? ''].filter(Boolean).join('&');
    return {
      headers: {},
      query: query ? `?${query}` : '',
      notes: [
        ...all.map(([name, value]) => `?${brief(name)}=${brief(value)}`),
        ...(tail ? [`raw ?${tail}`] : []),
      ],
    };
  });
}

/** Headers a client might get wrong: resume points, idempotency, correlation, encodings, spoofed internals. */
function headersOf(operation: Operation): fc.Arbitrary<Part> {
  const names = [
    'last-event-id',
    'idempotency-key',
    'x-correlation-id',
    'accept',
    'range',
    'if-none-match',
    'if-modified-since',
    'content-encoding',
    'x-tenant-id',
    'x-internal-token',
    'x-forwarded-for',
    'traceparent',
    'cookie',
    ...operation.headerParams.map((p) => p.name.toLowerCase()),
  ];
  const special: Record<string, fc.Arbitrary<string>> = {
    'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'),
    range: fc.constantFrom(
      'bytes=0-0',
      'bytes=-1',
      'bytes=5-1',
      'bytes=abc',
      'bytes=0-1,2-3,4-5',
      'lines=1-2',
    ),
    traceparent: fc.constantFrom(
      '00-zzzz-zzzz-01',
      '00-' + '0'.repeat(32) + '-' + '0'.repeat(16) + '-01',
      'x',
    ),
  };
  return fc
    .uniqueArray(fc.constantFrom(...names), { maxLength: 3 })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((name) =>
          fc
            .tuple(special[name] ?? hostileHeaderValue, fc.boolean(), hostileHeaderValue)
            .map(([value, twice, second]) => [name, twice ? [value, second] : value] as const),
        ),
      ),
    )
    .map((entries) => ({
      headers: Object.fromEntries(entries),
      notes: entries.map(([name, value]) => `${name}: ${brief(value)}`),
    }));
}

/** The Authorization header: the credential the route needs, none, the other kind, or a mangled one. */
function authorizationOf(operation: Operation, context: FuzzContext): fc.Arbitrary<Part> {
  const { tenant, admin } = context.credentials;
  const [right, other] = isAdminRoute(operation) ? [admin, tenant] : [tenant, admin];
  const as = (value: string | readonly string[] | undefined, note: string): Part => ({
    headers: value === undefined ? {} : { authorization: value },
    notes: [note],
  });
  return fc.oneof(
    { arbitrary: fc.constant(as(`Bearer ${right}`, 'authorized')), weight: 12 },
    { arbitrary: fc.constant(as(undefined, 'no credential')), weight: 1 },
    { arbitrary: fc.constant(as(`Bearer ${other}`, 'the other credential')), weight: 1 },
    {
      arbitrary: fc
        .constantFrom(
          'Bearer',
          'Bearer ',
          `bearer ${right}`,
          `Bearer  ${right}`,
          `Bearer ${right}x`,
          `Basic ${Buffer.from(`user:${right}`).toString('base64')}`,
          'Basic !!!',
          `Token ${right}`,
        )
        .map((value) => as(value, `authorization: ${brief(value)}`)),
      weight: 1,
    },
    {
      arbitrary: hostileHeaderValue.map((value) => as(`Bearer ${value}`, `Bearer ${brief(value)}`)),
      weight: 1,
    },
    { arbitrary: fc.constant(as([`Bearer ${right}`, `Bearer ${other}`], 'two credentials')), weight: 1 },
  );
}

/** Sometimes a Content-Type that does not match the body (or none at all). */
const contentTypeOverride = onceIn(
  6,
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-7',
    'application/json; charset=latin1',
    'application/json; charset=bogus',
    'text/plain',
    'text/csv; charset=bogus',
    'multipart/form-data',
    'multipart/form-data; boundary=',
    'application/x-www-form-urlencoded',
    'application/xml',
    '*/*',
    'garbage',
    '',
  ),
);

/** Requests to `operation` with malformed path parameters, query, headers, credentials and body. */
export function malformedRequests(operation: Operation, context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const segments = operation.pathParams.map((parameter) =>
    fc.oneof(
      {
        arbitrary: fc.constantFrom(...(context.known[parameter.name] ?? ['x'])).map(encodeComponent),
        weight: 3,
      },
      { arbitrary: hostileSegment, weight: 5 },
    ),
  );
  return fc
    .record({
      segments: fc.tuple(...segments),
      query: queryOf(operation, context),
      headers: headersOf(operation),
      auth: operation.authenticated
        ? authorizationOf(operation, context)
        : fc.constant<Part>({ headers: {}, notes: [] }),
      body: bodyOf(operation, context),
      contentType: contentTypeOverride,
    })
    .map(({ segments: values, query, headers, auth, body, contentType }) => {
      let path = operation.path;
      operation.pathParams.forEach((parameter, i) => (path = path.replace(`{${parameter.name}}`, values[i])));
      return {
        method: operation.method,
        path: `${path}${query.query}`,
        headers: {
          ...headers.headers,
          ...auth.headers,
          ...body.headers,
          ...(contentType !== null ? { 'content-type': contentType } : {}),
        },
        body: body.body,
        notes: [
          ...operation.pathParams.map((p, i) => `{${p.name}}=${brief(values[i])}`),
          ...query.notes,
          ...headers.notes,
          ...auth.notes,
          ...body.notes,
          ...(contentType !== null ? [`content-type: ${JSON.stringify(contentType)}`] : []),
        ],
      };
    });
}
