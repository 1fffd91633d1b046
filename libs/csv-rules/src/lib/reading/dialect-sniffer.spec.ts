import { sniffDialect } from './dialect-sniffer';

describe('sniffDialect', () => {
  it.each([
    [',', 'sku,title,price\nA,Fone,10.5\nB,Cabo,3\n'],
    [';', 'sku;title;price\nA;Fone;10,50\nB;Cabo;3,00\n'],
    ['\t', 'sku\ttitle\tprice\nA\tFone, azul\t10\n'],
    ['|', 'sku|title|price\nA|Fone; azul|10\n'],
  ])('finds %j', (delimiter, sample) => {
    expect(sniffDialect(sample, true).delimiter).toBe(delimiter);
  });

  it('is not fooled by decimal commas in a semicolon file', () => {
    expect(sniffDialect('a;b;c\n1,5;2,5;x\n3;4,75;y\n', true).delimiter).toBe(';');
  });

  it('honours delimiters inside quotes', () => {
    expect(sniffDialect('"a,1";"b,2";c\n"x,y";z;w\n', true).delimiter).toBe(';');
  });

  it('still finds the delimiter when every line is quoted whole', () => {
    expect(sniffDialect('"a;b;c"\n"1;2;3"\n"4;5;6"\n', true).delimiter).toBe(';');
  });

  it('reads an Excel sep= line', () => {
    expect(sniffDialect('sep=|\r\na|b\r\n', true)).toMatchObject({ delimiter: '|', declared: true, skip: 7, lineEnding: 'CRLF' });
  });

  it.each([
    ['CRLF', 'a,b\r\nc,d\r\n', '\n'],
    ['LF', 'a,b\nc,d\n', '\n'],
    ['CR', 'a,b\rc,d\r', '\r'],
    ['none', 'a,b', '\n'],
  ])('detects %s line endings', (lineEnding, sample, lineBreak) => {
    expect(sniffDialect(sample, true)).toMatchObject({ lineEnding, lineBreak });
  });
});
