import { execFileSync } from 'node:child_process';
import { fromRoot, parseYamlStream } from './workspace';

// Rendered Kubernetes objects, typed only as far as the checks read them.

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
  };
}

export interface HttpProbe {
  httpGet?: { path: string; port: number | string };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvEntry[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
}

export interface Workload {
  readonly owner: K8sObject;
  readonly labels: Record<string, string>;
  readonly pod: PodSpec;
}

export function objectId(object: Pick<K8sObject, 'kind' | 'metadata'>): string {
  return `${object.kind}/${object.metadata?.name}`;
}

function isK8sObject(value: unknown): value is K8sObject {
  return typeof value === 'object' && value !== null && 'kind' in value && 'apiVersion' in value;
}

export function toObjects(documents: unknown[], origin: string): K8sObject[] {
  return documents.map((doc) => {
    if (!isK8sObject(doc)) throw new Error(`${origin}: a document is not a Kubernetes object`);
    return doc;
  });
}

/** `kubectl kustomize <dir>`: offline, with the kustomize built into kubectl. */
export function kustomizeBuild(dir: string): K8sObject[] {
  const output = execFileSync('kubectl', ['kustomize', fromRoot(dir)], { encoding: 'utf8' });
  return toObjects(parseYamlStream(output, dir), dir);
}

const POD_OWNERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

export function workloads(objects: readonly K8sObject[]): Workload[] {
  return objects
    .filter((o) => POD_OWNERS.has(o.kind))
    .map((owner) => ({
      owner,
      labels: owner.spec?.template?.metadata?.labels ?? {},
      pod: owner.spec?.template?.spec ?? { containers: [] },
    }));
}

export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

export function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** The repository's last path segment: `registry.example.com/validahub/api-gateway:0.1.0` → `api-gateway`. */
export function imageName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.split('/').pop() ?? '';
  return lastSegment.split(':')[0];
}

export function imageTag(image: string): string | undefined {
  const lastSegment = image.split('@')[0].split('/').pop() ?? '';
  return lastSegment.includes(':') ? lastSegment.split(':')[1] : undefined;
}

/** Kubernetes quantity → bytes (`512Mi`, `3Gi`, `1G`, plain numbers). */
export function bytes(quantity: string | number): number {
  const match = /^(\d+(?:\.\d+)?)([KMGT]i?)?$/.exec(String(quantity));
  if (!match) throw new Error(`not a memory quantity: ${quantity}`);
  const units: Record<string, number> = {
    K: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(match[1]) * (match[2] ? units[match[2]] : 1);
}
