import { htmlToText, looksLikeHtml } from './html-to-text';

describe('htmlToText', () => {
  it('turns markup into the plain text a seller meant', () => {
    const html = '<h2>Fone</h2><p>Som <b>limpo</b> &amp; grave.</p><ul><li>20 h</li><li>USB&#8209;C</li></ul><script>x()</script>Fim&nbsp;!';
    expect(htmlToText(html)).toBe('Fone\nSom limpo & grave.\n- 20 h\n- USB\u2011C\n\nFim !');
  });

  it('leaves unknown entities as they are', () => {
    expect(htmlToText('a &foo; b<br>c')).toBe('a &foo; b\nc');
  });

  it('tells HTML from text that merely has < or &', () => {
    expect(looksLikeHtml('<p>x</p>')).toBe(true);
    expect(looksLikeHtml('Tom &amp; Jerry')).toBe(true);
    expect(looksLikeHtml('3 < 5 & 6 > 2')).toBe(false);
  });
});
