import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ThreadTask } from '../src/tasks/csv-check/thread-protocol';

/** A task thread that ignores abort requests and never finishes: what the hard time limit is for. */
export default async function stubbornThread({
  input,
  storage,
}: ThreadTask<{ folder: string }>): Promise<never> {
  const folder = join(storage.localRoot, input.folder);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'report.json.partial-x'), 'half a report');
  return new Promise<never>(() => {
    setInterval(() => undefined, 1_000); // busy forever, deaf to the port
  });
}
