/** A file a run produced, as stored by the job-service. */
export interface ArtifactRef {
  /** Public name: `report.json`, `issues.csv`, `corrected.csv`. */
  readonly name: string;
  /** Storage key (internal; never shown to clients). */
  readonly key: string;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: string;
}

/** What a run consumed, measured by the worker. */
export interface JobUsage {
  /** Busy time of the task's thread (its event loop's active time): CPU plus synchronous work. */
  readonly cpuMs: number;
  readonly rows: number;
  /** Size of the input processed. */
  readonly bytesRead: number;
  /** Total size of the artifacts written. */
  readonly bytesWritten: number;
}

/** What a successful run hands back: the engine's summary, its artifacts and what it consumed. */
export interface JobResult {
  readonly summary: Readonly<Record<string, number>>;
  readonly artifacts: readonly ArtifactRef[];
  readonly usage: JobUsage;
}

export const ARTIFACT_NAMES = ['report.json', 'issues.csv', 'corrected.csv'] as const;
export type ArtifactName = (typeof ARTIFACT_NAMES)[number];

/** Where clients download an artifact (through the gateway). */
export function publicArtifactPath(jobId: string, name: string): string {
  return `/api/v1/jobs/${jobId}/artifacts/${encodeURIComponent(name)}`;
}
