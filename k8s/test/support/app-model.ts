import { readdirSync, readFileSync } from 'node:fs';
import * as ts from 'typescript';
import {
  allNodes,
  declarationOf,
  decoratorCall,
  evaluateString,
  literalValue,
  workspaceSource,
} from './ts-source';
import { fromRoot, listFiles, readText } from './workspace';

// What each deployable app really reads and serves, taken from its sources at test time, so manifests are
// checked against the code as it is now (new variables or routes need no change here).

export interface EnvVar {
  readonly name: string;
  /** The env class declaring it (`ApiGatewayEnv`, `QueueEnv`, …). */
  readonly schema: string;
  /** Declared `NAME!: type` with no default: start-up fails without it. */
  readonly required: boolean;
  /** The literal default, when there is one. */
  readonly defaultValue?: string | number | boolean;
}

export interface Route {
  readonly path: string;
  /** Top-level fields of the JSON it returns, when the handler's return type spells them out. */
  readonly responseFields: readonly string[];
}

export interface AppModel {
  readonly name: string;
  readonly env: ReadonlyMap<string, EnvVar>;
  /** The env classes its config passes to `loadEnv`, in order. */
  readonly envSchemas: readonly string[];
  readonly defaultPort: number;
  /** `GET` routes by path (`/health/live`, …). */
  readonly getRoutes: ReadonlyMap<string, Route>;
  /** `node main.js <subcommand>` forms its entry point accepts (`migrate`). */
  readonly subcommands: readonly string[];
  /** Its `instrument.ts` starts the OpenTelemetry SDK, which then reads the standard OTEL_* variables. */
  readonly tracing: boolean;
}

/** Deployable apps: Nx projects tagged `type:app`. */
export function deployableApps(): string[] {
  return readdirSync(fromRoot('apps'))
    .filter((name) => {
      try {
        const project = JSON.parse(readFileSync(fromRoot('apps', name, 'project.json'), 'utf8'));
        return (project.tags as string[]).includes('type:app');
      } catch {
        return false;
      }
    })
    .sort();
}

function envOf(app: string): { env: Map<string, EnvVar>; schemas: string[] } {
  const config = workspaceSource(`apps/${app}/src/config/${app}.config.ts`);
  const calls = allNodes(config).filter(
    (n): n is ts.CallExpression =>
      ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'loadEnv',
  );
  if (calls.length !== 1)
    throw new Error(`${app}: expected one loadEnv(...) call in its config, found ${calls.length}`);
  const env = new Map<string, EnvVar>();
  const schemas: string[] = [];
  // loadEnv(serviceName, env, ...schemas)
  for (const argument of calls[0].arguments.slice(2)) {
    if (!ts.isIdentifier(argument))
      throw new Error(`${app}: loadEnv schema ${argument.getText()} is not a class name`);
    const { node } = declarationOf(config, argument.text);
    if (!ts.isClassDeclaration(node)) throw new Error(`${app}: ${argument.text} is not a class`);
    schemas.push(argument.text);
    for (const member of node.members) {
      if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) continue;
      env.set(member.name.text, {
        name: member.name.text,
        schema: argument.text,
        required: member.exclamationToken !== undefined && member.initializer === undefined,
        defaultValue: literalValue(member.initializer),
      });
    }
  }
  return { env, schemas };
}

function responseFields(method: ts.MethodDeclaration, file: ts.SourceFile): string[] {
  let type = method.type;
  if (type && ts.isTypeReferenceNode(type) && type.typeName.getText(file) === 'Promise')
    type = type.typeArguments?.[0];
  let members: ts.NodeArray<ts.TypeElement> | undefined;
  if (type && ts.isTypeLiteralNode(type)) members = type.members;
  else if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const { node } = declarationOf(file, type.typeName.text);
    if (ts.isInterfaceDeclaration(node)) members = node.members;
  }
  return (members ?? []).flatMap((m) => (m.name && ts.isIdentifier(m.name) ? [m.name.text] : []));
}

function joinPath(...parts: string[]): string {
  return `/${parts.join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

function routesOf(app: string): Map<string, Route> {
  // Every app is a createHttpApp (libs/http-kit), which adds that lib's controllers (`/health/live`).
  const sources = [...listFiles(`apps/${app}/src`), ...listFiles('libs/http-kit/src')].filter(
    (f) => f.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(f),
  );
  // Routes are read from decorators only; a global prefix or RouterModule would move them silently.
  for (const path of sources) {
    if (/setGlobalPrefix\(|RouterModule/.test(readText(path)))
      throw new Error(`${path} changes route prefixes, which this route reader does not model`);
  }
  const routes = new Map<string, Route>();
  for (const path of sources) {
    if (!readText(path).includes('@Controller(')) continue;
    const file = workspaceSource(path);
    for (const node of allNodes(file)) {
      const controller = ts.isClassDeclaration(node) ? decoratorCall(node, 'Controller') : undefined;
      if (!controller || !ts.isClassDeclaration(node)) continue;
      const [prefixArg] = controller.arguments;
      if (prefixArg && ts.isObjectLiteralExpression(prefixArg))
        throw new Error(`${path}: @Controller({...}) options are not modelled`);
      const prefix = prefixArg ? evaluateString(prefixArg, file) : '';
      for (const member of node.members) {
        const get = ts.isMethodDeclaration(member) ? decoratorCall(member, 'Get') : undefined;
        if (!get || !ts.isMethodDeclaration(member)) continue;
        const sub = get.arguments[0] ? evaluateString(get.arguments[0], file) : '';
        const route = joinPath(prefix, sub);
        routes.set(route, { path: route, responseFields: responseFields(member, file) });
      }
    }
  }
  return routes;
}

/** `process.argv[2] === 'migrate'` comparisons in the entry point. */
function subcommandsOf(app: string): string[] {
  const main = workspaceSource(`apps/${app}/src/main.ts`);
  return allNodes(main).flatMap((node) => {
    if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken)
      return [];
    const [left, right] = [node.left.getText(main), node.right];
    return left === 'process.argv[2]' && ts.isStringLiteral(right) ? [right.text] : [];
  });
}

function startsTracing(app: string): boolean {
  const path = `apps/${app}/src/instrument.ts`;
  if (!listFiles(`apps/${app}/src`).includes(path)) return false;
  return allNodes(workspaceSource(path)).some(
    (n) => ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'startTracing',
  );
}

const models = new Map<string, AppModel>();

export function appModel(app: string): AppModel {
  let model = models.get(app);
  if (!model) {
    const { env, schemas } = envOf(app);
    const port = env.get('PORT')?.defaultValue;
    if (typeof port !== 'number') throw new Error(`${app}: no numeric PORT default in its env`);
    model = {
      name: app,
      env,
      envSchemas: schemas,
      defaultPort: port,
      getRoutes: routesOf(app),
      subcommands: subcommandsOf(app),
      tracing: startsTracing(app),
    };
    models.set(app, model);
  }
  return model;
}
