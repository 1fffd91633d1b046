/** The part of JSON Schema (as @nestjs/swagger writes it) the fuzzer reads. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
  readonly example?: unknown;
  readonly default?: unknown;
}

interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: JsonSchema;
}

interface OpenApiOperation {
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema?: JsonSchema }>> };
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, JsonSchema>> };
}

export interface Parameter {
  readonly name: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/** One method on one path of the document, with what a request to it may carry. */
export interface Operation {
  readonly method: string;
  /** The path template, `{name}` for each path parameter. */
  readonly path: string;
  readonly pathParams: readonly Parameter[];
  readonly queryParams: readonly Parameter[];
  readonly headerParams: readonly Parameter[];
  /** Each request body the operation accepts, by content type, its schema resolved. */
  readonly bodies: readonly { readonly contentType: string; readonly schema: JsonSchema }[];
  readonly authenticated: boolean;
  readonly label: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** `schema` with its `$ref`s replaced by the components they point to, all the way down. */
export function resolveSchema(document: OpenApiDocument, schema: JsonSchema = {}): JsonSchema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`the document has no schema ${schema.$ref}`);
    return resolveSchema(document, target);
  }
  return {
    ...schema,
    ...(schema.properties && {
      properties: Object.fromEntries(
        Object.entries(schema.properties).map(([name, property]) => [
          name,
          resolveSchema(document, property),
        ]),
      ),
    }),
    ...(schema.items && { items: resolveSchema(document, schema.items) }),
  };
}

/** Every operation of the document. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const parameters = (operation.parameters ?? []).map((p) => ({
        in: p.in,
        name: p.name,
        required: p.required ?? p.in === 'path',
        schema: resolveSchema(document, p.schema),
      }));
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        headerParams: parameters.filter((p) => p.in === 'header'),
        bodies: Object.entries(operation.requestBody?.content ?? {}).map(([contentType, media]) => ({
          contentType,
          schema: resolveSchema(document, media.schema),
        })),
        authenticated: (operation.security ?? []).length > 0,
        label: `${method.toUpperCase()} ${path}`,
      });
    }
  }
  return operations;
}
