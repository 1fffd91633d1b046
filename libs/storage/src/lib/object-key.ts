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

const RUN_FOLDER = /^tenants\/[^/]+\/jobs\/[^/]+\/attempt-(\d+)-[A-Za-z0-9]+\/$/;

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
  /** The attempt of a run folder (as listed under `jobOf`), or null when `prefix` is not a run folder. */
  attemptOfRunFolder: (prefix: string): number | null => {
    const match = RUN_FOLDER.exec(prefix);
    return match ? Number(match[1]) : null;
  },
  inFolder: (folder: string, name: string) => `${folder}${name}`,
  /** The folder an object lies in: its key up to the last `/`. */
  folderOf: (key: string) => key.slice(0, key.lastIndexOf('/') + 1),
  jobOf: (tenantId: string, jobId: string) => `tenants/${tenantId}/jobs/${jobId}/`,
  /** True when `key` is one of `tenantId`'s uploaded inputs. */
  isInputOf: (key: string, tenantId: string) => key.startsWith(`tenants/${tenantId}/inputs/`),
};
