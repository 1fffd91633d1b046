import { TakenEntry } from '../../batch-consumer-loop';
import { AppendEntry } from '../../ports/report-stream.port';
import { BullMqConnection } from './bullmq-connection';

// Field names of a stream entry: the JSON payload and, beside it, the JSON trace carrier (so the payload
// stays the appender's own). One letter each: they are stored with every entry.
const PAYLOAD = 'p';
const TRACE = 't';

/** The key of a report stream, under the driver's prefix like the BullMQ queues. */
export function streamKey(connection: BullMqConnection, stream: string): string {
  return connection.key('stream', stream);
}

export function encodeEntry({ payload, trace }: AppendEntry<unknown>): string[] {
  const fields = [PAYLOAD, JSON.stringify(payload)];
  if (trace) fields.push(TRACE, JSON.stringify(trace));
  return fields;
}

/** An entry as XREADGROUP/XCLAIM return it (`[id, [field, value, …]]`); one that is not ours is undecodable. */
export function decodeEntry(id: string, fields: readonly string[], deliveries: number): TakenEntry {
  const value = (name: string) => {
    for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
    return undefined;
  };
  const raw = value(PAYLOAD);
  try {
    if (raw === undefined) throw new Error('no payload field');
    const payload: unknown = JSON.parse(raw);
    const trace = value(TRACE);
    const carrier: unknown = trace === undefined ? undefined : JSON.parse(trace);
    return {
      id,
      payload,
      deliveries,
      // Garbage in the trace field costs the trace, not the report.
      ...(isCarrier(carrier) ? { trace: carrier } : {}),
    };
  } catch {
    return { id, payload: raw ?? fields.join(' '), deliveries, undecodable: true };
  }
}

function isCarrier(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string')
  );
}

/** Throws the first error of a MULTI/pipeline reply (ioredis reports them per command, not as a rejection). */
export function assertExecuted(results: [Error | null, unknown][] | null, what: string): unknown[] {
  if (!results) throw new Error(`redis ${what}: transaction aborted`);
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
  return results.map(([, result]) => result);
}
