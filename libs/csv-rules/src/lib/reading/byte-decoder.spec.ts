import { ByteDecoder } from './byte-decoder';

function decode(bytes: Buffer, chunkSize = bytes.length || 1): { text: string; decoder: ByteDecoder } {
  const decoder = new ByteDecoder();
  let text = '';
  for (let i = 0; i < bytes.length; i += chunkSize) text += decoder.write(bytes.subarray(i, i + chunkSize));
  text += decoder.end();
  return { text, decoder };
}

const PT = 'título;preço\nAção Média;R$ 1.234,56 — “ok” €\n';

describe('ByteDecoder', () => {
  it.each([1, 2, 3, 7, 4096])('decodes UTF-8 identically in chunks of %i bytes', (size) => {
    const { text, decoder } = decode(Buffer.from(PT, 'utf8'), size);
    expect(text).toBe(PT);
    expect(decoder.encoding).toBe('utf-8');
    expect(decoder.invalidBytes.count).toBe(0);
  });

  it('detects and drops a UTF-8 BOM', () => {
    const { text, decoder } = decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PT)]), 2);
    expect(text).toBe(PT);
    expect([decoder.encoding, decoder.bom]).toEqual(['utf-8', true]);
  });

  it('reads Windows-1252, including the characters ISO-8859-1 lacks', () => {
    const bytes = Buffer.concat([Buffer.from('Ação ', 'latin1'), Buffer.from([0x80, 0x93, 0x94, 0x96])]);
    const { text, decoder } = decode(bytes, 3);
    expect(text).toBe('Ação €“”–');
    expect(decoder.encoding).toBe('windows-1252');
  });

  it('reads ISO-8859-1 exactly: the bytes Windows-1252 leaves undefined are its C1 controls, not errors', () => {
    const { text, decoder } = decode(Buffer.from([0x41, 0xe9, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x42]));
    expect(text).toBe('Aé\u0081\u008d\u008f\u0090\u009dB');
    expect(decoder.encoding).toBe('windows-1252');
    expect(decoder.invalidBytes.count).toBe(0);
  });

  it('stays ASCII until a byte above 0x7F appears, then decides without re-decoding', () => {
    const ascii = Buffer.from('a'.repeat(100_000));
    expect(decode(ascii, 1000).decoder.encoding).toBe('ascii');
    const late = Buffer.concat([ascii, Buffer.from('ção', 'latin1')]);
    const { text, decoder } = decode(late, 1000);
    expect(decoder.encoding).toBe('windows-1252');
    expect(text.endsWith('ção')).toBe(true);
  });

  it('keeps UTF-8 when a few bytes are corrupt, and locates the first one', () => {
    const bytes = Buffer.concat([Buffer.from('ação é útil '), Buffer.from([0xff]), Buffer.from(' fim')]);
    const { text, decoder } = decode(bytes, 5);
    expect(decoder.encoding).toBe('utf-8');
    expect(text).toBe('ação é útil \ufffd fim');
    expect(decoder.invalidBytes).toEqual({ count: 1, firstOffset: Buffer.byteLength('ação é útil '), firstByte: '0xFF' });
  });

  it('reports a multi-byte character cut off by the end of the file', () => {
    const { text, decoder } = decode(Buffer.concat([Buffer.from('aé'), Buffer.from([0xc3])]), 1);
    expect(text).toBe('aé\ufffd');
    expect(decoder.invalidBytes.count).toBe(1);
  });

  it.each([
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PT, 'utf16le')]), true],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(PT, 'utf16le').swap16()]), true],
    ['utf-16le', Buffer.from(PT, 'utf16le'), false],
  ])('reads %s (BOM: %s) in odd-sized chunks', (encoding, bytes, bom) => {
    const { text, decoder } = decode(bytes, 3);
    expect(text).toBe(PT);
    expect([decoder.encoding, decoder.bom]).toEqual([encoding, bom]);
  });

  it('does not split a surrogate pair in UTF-16', () => {
    const { text } = decode(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a😀b', 'utf16le')]), 1);
    expect(text).toBe('a😀b');
  });

  it('handles an empty input', () => {
    expect(decode(Buffer.alloc(0)).text).toBe('');
  });
});
