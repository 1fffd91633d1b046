import type { RequestHandler } from 'express';
import express from 'express';

/** Deeper than any body of ours; far below what would exhaust the stack of the DTO transform. */
export const MAX_JSON_DEPTH = 32;

/**
 * What body-parser raises (an http-errors object): a status and a machine-readable `type`, or, when it wraps
 * an error of a stream it reads through (zlib, for a body that does not match its Content-Encoding), the
 * status and `expose` (its message is meant for the client).
 */
export interface BodyParserError {
  readonly status: number;
  readonly type?: string;
  readonly expose?: boolean;
  readonly message: string;
}

export function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.status === 'number' &&
    (typeof candidate.type === 'string' || candidate.expose === true)
  );
}

/**
 * The JSON body parser of every service: `limit` bytes at most (after decompression), nesting at most
 * MAX_JSON_DEPTH deep, checked on the raw bytes before JSON.parse and class-transformer see them.
 */
export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    verify: (_request, _response, body) => {
      if (jsonNestingExceeds(body, MAX_JSON_DEPTH))
        throw Object.assign(new Error(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`), {
          status: 400,
          type: 'entity.too.deep',
        });
    },
  });
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** True when objects/arrays nest more than `limit` deep; brackets inside strings do not count. */
export function jsonNestingExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return false;
}
