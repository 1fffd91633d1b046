import type { NonCsvFormat } from '../csv-engine.api';
import { utf16WithoutBom } from './byte-decoder';

// Recognises, from its first bytes only, an input that is not text at all: an image, an archive, a spreadsheet
// workbook, a PDF, an executable, mostly NUL bytes. Such a file would otherwise be "read" as a catalog of garbage.

/** Bytes at the start of the input the decision is made on (the whole input when it is shorter). */
export const CONTENT_SNIFF_BYTES = 4096;

export interface NonCsvContent {
  readonly looksLike: NonCsvFormat;
  /** "a PNG image": what the file looks like, for a message. */
  readonly description: string;
}

const SPREADSHEET_ADVICE = ' Save it as CSV (UTF-8) in the spreadsheet program and send that file.';
const ARCHIVE_ADVICE = ' Unpack it and send the CSV inside.';

const DESCRIPTIONS: Readonly<Record<NonCsvFormat, readonly [description: string, advice: string]>> = {
  png: ['a PNG image', ''],
  jpeg: ['a JPEG image', ''],
  gif: ['a GIF image', ''],
  webp: ['a WebP image', ''],
  tiff: ['a TIFF image', ''],
  heic: ['a HEIC/AVIF image', ''],
  media: ['an MP4/QuickTime video or audio file', ''],
  pdf: ['a PDF document', ''],
  xlsx: ['an Excel workbook (.xlsx)', SPREADSHEET_ADVICE],
  docx: ['a Word document (.docx)', ''],
  pptx: ['a PowerPoint presentation (.pptx)', ''],
  ods: ['an OpenDocument spreadsheet (.ods)', SPREADSHEET_ADVICE],
  opendocument: ['an OpenDocument file (.odt, .odp, …)', ''],
  office_open_xml: ['an Office document (.xlsx, .docx or .pptx)', ''],
  zip: ['a ZIP archive', ARCHIVE_ADVICE],
  office_legacy: ['a legacy Office file (.xls, .doc or .ppt)', SPREADSHEET_ADVICE],
  gzip: ['a gzip-compressed file', ARCHIVE_ADVICE],
  bzip2: ['a bzip2-compressed file', ARCHIVE_ADVICE],
  xz: ['an xz-compressed file', ARCHIVE_ADVICE],
  zstd: ['a Zstandard-compressed file', ARCHIVE_ADVICE],
  '7z': ['a 7-Zip archive', ARCHIVE_ADVICE],
  rar: ['a RAR archive', ARCHIVE_ADVICE],
  executable: ['an executable program', ''],
  sqlite: ['an SQLite database', ''],
  utf32: ['UTF-32 text, an encoding catalogs are not read in', ' Save it as CSV UTF-8 and send it again.'],
  nul_bytes: ['binary data (it is mostly NUL bytes)', ''],
};

/** The message a seller gets for such a file: "This file looks like a PNG image, not a CSV." */
export function notCsvMessage(looksLike: NonCsvFormat): string {
  const [description, advice] = DESCRIPTIONS[looksLike];
  return `This file looks like ${description}, not a CSV.${advice}`;
}

// Signatures at offset 0 (`null` matches any byte), most specific first.
const SIGNATURES: readonly (readonly [NonCsvFormat, readonly (number | null)[]])[] = [
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', ascii('GIF87a')],
  ['gif', ascii('GIF89a')],
  ['webp', [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')]],
  ['media', [...ascii('RIFF'), null, null, null, null, ...ascii('WAVE')]],
  ['media', [...ascii('RIFF'), null, null, null, null, ...ascii('AVI ')]],
  ['tiff', [0x49, 0x49, 0x2a, 0x00]],
  ['tiff', [0x4d, 0x4d, 0x00, 0x2a]],
  ['pdf', ascii('%PDF-')],
  ['office_legacy', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
  ['gzip', [0x1f, 0x8b, 0x08]],
  ['bzip2', [...ascii('BZh'), null, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['rar', [...ascii('Rar!'), 0x1a, 0x07]],
  ['executable', [0x7f, 0x45, 0x4c, 0x46]],
  ['executable', [0xcf, 0xfa, 0xed, 0xfe]],
  ['executable', [0xce, 0xfa, 0xed, 0xfe]],
  ['executable', [0xfe, 0xed, 0xfa, 0xcf]],
  ['executable', [0xca, 0xfe, 0xba, 0xbe]],
  ['sqlite', [...ascii('SQLite format 3'), 0x00]],
  ['utf32', [0xff, 0xfe, 0x00, 0x00]],
  ['utf32', [0x00, 0x00, 0xfe, 0xff]],
];

const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const ZIP_SIGNATURES = [ZIP_LOCAL_HEADER, [0x50, 0x4b, 0x05, 0x06], [0x50, 0x4b, 0x07, 0x08]];
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis']);
/** More NUL bytes (or NUL code units in UTF-16) than this share of the sniffed bytes: binary data, not text. */
const NUL_SHARE = 0.25;

/**
 * What the input looks like when it is recognisably not text, from its first bytes (`head`, at most
 * CONTENT_SNIFF_BYTES, all of them when the input is shorter); null for anything that may be a CSV. Text in any
 * encoding the decoder reads (UTF-8, Windows-1252, UTF-16 with or without a BOM) is never refused here.
 */
export function recogniseNonCsv(head: Uint8Array): NonCsvContent | null {
  const looksLike = formatOf(head);
  return looksLike ? { looksLike, description: DESCRIPTIONS[looksLike][0] } : null;
}

function formatOf(head: Uint8Array): NonCsvFormat | null {
  for (const [format, signature] of SIGNATURES) if (startsWith(head, signature)) return format;
  if (ZIP_SIGNATURES.some((s) => startsWith(head, s))) return zipKind(head);
  if (head.length >= 12 && startsWith(head.subarray(4), ascii('ftyp'))) {
    return HEIF_BRANDS.has(String.fromCharCode(...head.subarray(8, 12))) ? 'heic' : 'media';
  }
  if (isWindowsExecutable(head)) return 'executable';
  return mostlyNul(head) ? 'nul_bytes' : null;
}

// "MZ" alone could start a line of text: a Windows program also has "PE\0\0" where its header says.
function isWindowsExecutable(head: Uint8Array): boolean {
  if (head.length < 64 || head[0] !== 0x4d || head[1] !== 0x5a) return false;
  const at = head[60] | (head[61] << 8) | (head[62] << 16) | (head[63] << 24);
  return at >= 64 && at + 4 <= head.length && startsWith(head.subarray(at), [0x50, 0x45, 0x00, 0x00]);
}

// What the decoder reads as UTF-16 (a BOM, or ASCII with a zero in every other byte) has NUL code units counted.
function mostlyNul(head: Uint8Array): boolean {
  const utf16 =
    (head[0] === 0xff && head[1] === 0xfe) ||
    (head[0] === 0xfe && head[1] === 0xff) ||
    utf16WithoutBom(head) !== null;
  let nul = 0;
  if (utf16) {
    for (let i = 0; i + 1 < head.length; i += 2) if (head[i] === 0 && head[i + 1] === 0) nul++;
    return nul > (head.length >> 1) * NUL_SHARE;
  }
  for (let i = 0; i < head.length; i++) if (head[i] === 0) nul++;
  return nul > head.length * NUL_SHARE;
}

// Office Open XML and OpenDocument files are ZIP archives: the names of their first entries tell them apart.
function zipKind(head: Uint8Array): NonCsvFormat {
  const entries = zipEntries(head);
  const names = entries.map((e) => e.name);
  if (names[0] === 'mimetype') {
    const mimetype = entryText(head, entries[0].at);
    return mimetype.startsWith('application/vnd.oasis.opendocument.spreadsheet') ? 'ods' : 'opendocument';
  }
  if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
  if (names.some((n) => n.startsWith('word/'))) return 'docx';
  if (names.some((n) => n.startsWith('ppt/'))) return 'pptx';
  if (names.includes('[Content_Types].xml')) return 'office_open_xml';
  return 'zip';
}

// Every local file header found in the sniffed bytes, with its name (entry sizes are not trusted: a writer may put
// them after the data, so the headers are searched for rather than walked).
function zipEntries(head: Uint8Array): { readonly at: number; readonly name: string }[] {
  const entries: { at: number; name: string }[] = [];
  for (let at = indexOf(head, ZIP_LOCAL_HEADER, 0); at >= 0; at = indexOf(head, ZIP_LOCAL_HEADER, at + 4)) {
    if (at + 30 > head.length) break;
    const length = head[at + 26] | (head[at + 27] << 8);
    if (at + 30 + length > head.length) break;
    entries.push({ at, name: String.fromCharCode(...head.subarray(at + 30, at + 30 + length)) });
  }
  return entries;
}

// An OpenDocument file starts with an entry `mimetype` stored uncompressed: its content is the document's type.
function entryText(head: Uint8Array, at: number): string {
  const nameLength = head[at + 26] | (head[at + 27] << 8);
  const extraLength = head[at + 28] | (head[at + 29] << 8);
  const from = at + 30 + nameLength + extraLength;
  return String.fromCharCode(...head.subarray(from, Math.min(head.length, from + 64)));
}

function startsWith(bytes: Uint8Array, signature: readonly (number | null)[]): boolean {
  if (bytes.length < signature.length) return false;
  for (let i = 0; i < signature.length; i++)
    if (signature[i] !== null && bytes[i] !== signature[i]) return false;
  return true;
}

function indexOf(bytes: Uint8Array, needle: readonly number[], from: number): number {
  outer: for (let i = from; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}
