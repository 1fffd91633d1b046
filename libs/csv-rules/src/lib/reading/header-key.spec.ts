import { headerKey } from './header-key';

describe('headerKey', () => {
  it.each([
    ['Título', 'titulo'],
    ['  PREÇO (R$) ', 'preco'],
    ['Código_de-Barras', 'codigo de barras'],
    ['Descrição*', 'descricao'],
    ['available_quantity', 'available quantity'],
    ['Año [obligatorio]', 'ano'],
    ['', ''],
  ])('%j → %j', (header, key) => {
    expect(headerKey(header)).toBe(key);
  });
});
