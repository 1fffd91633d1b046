import * as ts from 'typescript';
import { fromRoot, readText } from './workspace';

// Reads the apps' TypeScript sources without importing them (Nx forbids importing an app, and importing
// would run decorators and pull in Nest): declarations are found by name, following imports through the
// workspace's path aliases, and constants are evaluated from their literal initialisers.

const compilerOptions = (() => {
  const file = fromRoot('tsconfig.base.json');
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, fromRoot()).options;
})();

const cache = new Map<string, ts.SourceFile>();

/** A workspace file, parsed (absolute path). */
function sourceFile(path: string): ts.SourceFile {
  let source = cache.get(path);
  if (!source) {
    source = ts.createSourceFile(
      path,
      ts.sys.readFile(path) ?? fail(`cannot read ${path}`),
      ts.ScriptTarget.ES2022,
      true,
    );
    cache.set(path, source);
  }
  return source;
}

export function workspaceSource(relativePath: string): ts.SourceFile {
  readText(relativePath); // a clear error when the file is missing
  return sourceFile(fromRoot(relativePath));
}

function fail(message: string): never {
  throw new Error(message);
}

export interface Declaration {
  readonly file: ts.SourceFile;
  readonly node: ts.ClassDeclaration | ts.InterfaceDeclaration | ts.VariableDeclaration;
}

/** Resolves an import as the compiler would (path aliases included); `from` is the importing file's path. */
function resolveModule(specifier: string, from: string): ts.SourceFile {
  const resolved = ts.resolveModuleName(specifier, from, compilerOptions, ts.sys).resolvedModule;
  if (!resolved) fail(`cannot resolve '${specifier}' from ${from}`);
  return sourceFile(resolved.resolvedFileName);
}

function localDeclaration(file: ts.SourceFile, name: string): Declaration | undefined {
  for (const statement of file.statements) {
    if (
      (ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement)) &&
      statement.name?.text === name
    )
      return { file, node: statement };
    if (ts.isVariableStatement(statement)) {
      const node = statement.declarationList.declarations.find(
        (d) => ts.isIdentifier(d.name) && d.name.text === name,
      );
      if (node) return { file, node };
    }
  }
  return undefined;
}

/** Where `name` exported by `file` is declared, following re-exports (`export *`, `export { a as b }`). */
function exportedDeclaration(file: ts.SourceFile, name: string): Declaration | undefined {
  const local = localDeclaration(file, name);
  if (local) return local;
  for (const statement of file.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier) continue;
    const target = resolveModule((statement.moduleSpecifier as ts.StringLiteral).text, file.fileName);
    const clause = statement.exportClause;
    if (!clause) {
      const found = exportedDeclaration(target, name);
      if (found) return found;
    } else if (ts.isNamedExports(clause)) {
      const element = clause.elements.find((e) => e.name.text === name);
      if (element) return exportedDeclaration(target, (element.propertyName ?? element.name).text);
    }
  }
  return undefined;
}

/** The declaration an identifier used in `file` refers to: local, or imported by name. */
export function declarationOf(file: ts.SourceFile, name: string): Declaration {
  const local = localDeclaration(file, name);
  if (local) return local;
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    const element = bindings.elements.find((e) => e.name.text === name);
    if (!element) continue;
    const target = resolveModule((statement.moduleSpecifier as ts.StringLiteral).text, file.fileName);
    const found = exportedDeclaration(target, (element.propertyName ?? element.name).text);
    if (found) return found;
  }
  return fail(`cannot find the declaration of ${name} used in ${file.fileName}`);
}

/** An exported constant of a workspace module, e.g. `('@validahub/job-contracts', 'INTERNAL_TOKEN_HEADER')`. */
export function exportedString(moduleSpecifier: string, name: string): string {
  const declaration = exportedDeclaration(resolveModule(moduleSpecifier, fromRoot('index.ts')), name);
  if (!declaration || !ts.isVariableDeclaration(declaration.node) || !declaration.node.initializer)
    fail(`${moduleSpecifier} exports no constant ${name}`);
  return evaluateString(declaration.node.initializer, declaration.file);
}

/** An exported array of compile-time strings, e.g. `('@validahub/job-domain', 'PLANS')`. */
export function exportedStrings(moduleSpecifier: string, name: string): string[] {
  const declaration = exportedDeclaration(resolveModule(moduleSpecifier, fromRoot('index.ts')), name);
  if (!declaration || !ts.isVariableDeclaration(declaration.node) || !declaration.node.initializer)
    fail(`${moduleSpecifier} exports no constant ${name}`);
  let array: ts.Expression = declaration.node.initializer;
  while (ts.isAsExpression(array) || ts.isParenthesizedExpression(array)) array = array.expression;
  if (!ts.isArrayLiteralExpression(array)) fail(`${moduleSpecifier}'s ${name} is not an array literal`);
  return array.elements.map((e) => evaluateString(e, declaration.file));
}

/** A string known at compile time: literals, template literals and constants they reference. */
export function evaluateString(expression: ts.Expression, file: ts.SourceFile): string {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression))
    return expression.text;
  if (ts.isAsExpression(expression) || ts.isParenthesizedExpression(expression))
    return evaluateString(expression.expression, file);
  if (ts.isTemplateExpression(expression))
    return (
      expression.head.text +
      expression.templateSpans
        .map((span) => evaluateString(span.expression, file) + span.literal.text)
        .join('')
    );
  if (ts.isIdentifier(expression)) {
    const { node, file: declaredIn } = declarationOf(file, expression.text);
    if (ts.isVariableDeclaration(node) && node.initializer)
      return evaluateString(node.initializer, declaredIn);
  }
  return fail(`not a compile-time string: ${expression.getText(file)} in ${file.fileName}`);
}

/** The value of a literal initialiser (`3000`, `52_428_800`, `'info'`, `true`), or undefined when computed. */
export function literalValue(expression: ts.Expression | undefined): string | number | boolean | undefined {
  if (!expression) return undefined;
  if (ts.isNumericLiteral(expression)) return Number(expression.text.replace(/_/g, ''));
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression))
    return expression.text;
  if (expression.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expression.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** Every node of a file, depth first. */
export function allNodes(file: ts.SourceFile): ts.Node[] {
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node) => {
    nodes.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return nodes;
}

/** The call expression of a decorator such as `@Get('live')`, when it is named `name`. */
export function decoratorCall(node: ts.Node, name: string): ts.CallExpression | undefined {
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  for (const decorator of decorators) {
    const call = decorator.expression;
    if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === name)
      return call;
  }
  return undefined;
}
