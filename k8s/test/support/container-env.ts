import { Container, find, K8sObject } from './k8s-objects';

// The environment a container really gets: envFrom ConfigMaps/Secrets first, then `env` entries, which
// win (Kubernetes' precedence), each traced to where its value comes from.

export interface ResolvedVar {
  readonly name: string;
  /** Known when set literally or from a rendered ConfigMap. */
  readonly value?: string;
  /** `secret:<name>/<key>`, `configmap:<name>/<key>`, `value`, `field:<path>`: equal sources, equal values. */
  readonly source: string;
  readonly secret?: { readonly name: string; readonly key: string };
}

export interface ResolvedEnv {
  readonly vars: Map<string, ResolvedVar>;
  readonly problems: string[];
}

function secretKeys(secret: K8sObject): string[] {
  return [...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})];
}

export function resolveEnv(
  container: Container,
  objects: readonly K8sObject[],
  externalSecrets: readonly string[],
): ResolvedEnv {
  const vars = new Map<string, ResolvedVar>();
  const problems: string[] = [];
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const map = find(objects, 'ConfigMap', from.configMapRef.name);
      if (!map) problems.push(`envFrom ConfigMap ${from.configMapRef.name} is not rendered`);
      for (const [name, value] of Object.entries(map?.data ?? {}))
        vars.set(name, { name, value, source: `configmap:${from.configMapRef.name}/${name}` });
    }
    if (from.secretRef) {
      const secret = find(objects, 'Secret', from.secretRef.name);
      // An external Secret's keys are unknown here, so nobody could tell which variables the app gets.
      if (!secret)
        problems.push(`envFrom Secret ${from.secretRef.name}: use secretKeyRef per variable instead`);
      for (const key of secret ? secretKeys(secret) : [])
        vars.set(key, {
          name: key,
          source: `secret:${from.secretRef.name}/${key}`,
          secret: { name: from.secretRef.name, key },
        });
    }
  }
  for (const entry of container.env ?? []) {
    const { secretKeyRef, configMapKeyRef, fieldRef } = entry.valueFrom ?? {};
    if (secretKeyRef) {
      const secret = find(objects, 'Secret', secretKeyRef.name);
      if (secret && !secretKeys(secret).includes(secretKeyRef.key))
        problems.push(`${entry.name}: Secret ${secretKeyRef.name} has no key ${secretKeyRef.key}`);
      if (!secret && !externalSecrets.includes(secretKeyRef.name))
        problems.push(
          `${entry.name}: Secret ${secretKeyRef.name} is neither rendered nor a documented external secret`,
        );
      vars.set(entry.name, {
        name: entry.name,
        source: `secret:${secretKeyRef.name}/${secretKeyRef.key}`,
        secret: secretKeyRef,
      });
    } else if (configMapKeyRef) {
      const value = find(objects, 'ConfigMap', configMapKeyRef.name)?.data?.[configMapKeyRef.key];
      if (value === undefined)
        problems.push(`${entry.name}: ConfigMap ${configMapKeyRef.name} has no key ${configMapKeyRef.key}`);
      vars.set(entry.name, {
        name: entry.name,
        value,
        source: `configmap:${configMapKeyRef.name}/${configMapKeyRef.key}`,
      });
    } else if (fieldRef) {
      vars.set(entry.name, { name: entry.name, source: `field:${fieldRef.fieldPath}` });
    } else {
      vars.set(entry.name, { name: entry.name, value: entry.value ?? '', source: 'value' });
    }
  }
  return { vars, problems };
}
