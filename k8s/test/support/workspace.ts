import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const WORKSPACE_ROOT = resolve(__dirname, '../../..');

export function fromRoot(...segments: string[]): string {
  return join(WORKSPACE_ROOT, ...segments);
}

export function readText(path: string): string {
  return readFileSync(fromRoot(path), 'utf8');
}

/** Every file under a workspace folder, as workspace-relative paths. */
export function listFiles(folder: string): string[] {
  return readdirSync(fromRoot(folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(WORKSPACE_ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Parses Kubernetes YAML as the API machinery does (sigs.k8s.io/yaml: YAML 1.1, where an unquoted `off` or
 * `yes` is a boolean); a syntax error in any document throws instead of yielding a partial result.
 */
export function parseYamlStream(text: string, origin: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${origin}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}
