import { InvalidObjectKeyError } from './object-storage.port';

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Keys are slash-separated safe segments: no `..`, no absolute paths, nothing a filesystem could misread. */
export function assertValidKey(key: string, { prefix = false } = {}): void {
  const segments = key.split('/');
  if (prefix && segments[segments.length - 1] === '') segments.pop();
  if (
    segments.length === 0 ||
    segments.length > 16 ||
    !segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')
  ) {
    throw new InvalidObjectKeyError(key);
  }
}

// Where things go: one place, so the gateway, the worker and the job-service agree on the layout.
export const objectKeys = {
  input: (tenantId: string, fileId: string) => `tenants/${tenantId}/inputs/${fileId}.csv`,
  inputsOf: (tenantId: string) => `tenants/${tenantId}/inputs/`,
  /**
   * The folder of one run (one delivery of one attempt). A redelivered duplicate of the same attempt gets
   * its own folder, so a losing duplicate that cleans up after itself never deletes the winner's files.
   */
  runFolder: (tenantId: string, jobId: string, attempt: number, runToken: string) =>
    `tenants/${tenantId}/jobs/${jobId}/attempt-${attempt}-${runToken}/`,
  inFolder: (folder: string, name: string) => `${folder}${name}`,
  jobOf: (tenantId: string, jobId: string) => `tenants/${tenantId}/jobs/${jobId}/`,
  /** True when `key` is one of `tenantId`'s uploaded inputs. */
  isInputOf: (key: string, tenantId: string) => key.startsWith(`tenants/${tenantId}/inputs/`),
};
