import * as ts from 'typescript';
import { allNodes, declarationOf, literalValue, workspaceSource } from './ts-source';

// After SIGTERM an app gives its own shutdown a time limit (libs/http-kit's createHttpApp), then exits 1.
// The pod's termination grace must cover it, or Kubernetes kills the drain half-way with SIGKILL.

/**
 * The worker computes its limit from its config (apps/csv-worker/src/main.ts); these are the config fields
 * that expression may use, in terms of env variables (as loadCsvWorkerConfig derives them). A new field
 * makes the evaluation throw, so this table is updated rather than silently wrong.
 */
const CONFIG_FIELDS: Record<string, (env: (name: string) => number) => number> = {
  shutdownGraceMs: (env) => env('SHUTDOWN_GRACE_MS'),
  hardGraceMs: (env) => env('TASK_HARD_TIME_LIMIT_MS') - env('TASK_SOFT_TIME_LIMIT_MS'),
};

function evaluate(expression: ts.Expression, file: ts.SourceFile, env: (name: string) => number): number {
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return evaluate(expression.left, file, env) + evaluate(expression.right, file, env);
  if (ts.isParenthesizedExpression(expression)) return evaluate(expression.expression, file, env);
  const literal = literalValue(expression);
  if (typeof literal === 'number') return literal;
  if (ts.isPropertyAccessExpression(expression) && expression.name.text in CONFIG_FIELDS)
    return CONFIG_FIELDS[expression.name.text](env);
  throw new Error(`cannot evaluate ${expression.getText(file)} in ${file.fileName}`);
}

function defaultLimitMs(): number {
  const file = workspaceSource('libs/http-kit/src/lib/create-http-app.ts');
  const { node } = declarationOf(file, 'DEFAULT_SHUTDOWN_LIMIT_MS');
  const value = ts.isVariableDeclaration(node) ? literalValue(node.initializer) : undefined;
  if (typeof value !== 'number') throw new Error('DEFAULT_SHUTDOWN_LIMIT_MS is not a number literal');
  return value;
}

/** The app's shutdown limit in ms, given the numeric value of each env variable it runs with. */
export function shutdownLimitMs(app: string, env: (name: string) => number): number {
  const main = workspaceSource(`apps/${app}/src/main.ts`);
  const option = allNodes(main).find(
    (n): n is ts.PropertyAssignment =>
      ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'shutdownLimitMs',
  );
  return option ? evaluate(option.initializer, main, env) : defaultLimitMs();
}
