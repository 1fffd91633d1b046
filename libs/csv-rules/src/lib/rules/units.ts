import type { Unit } from './column-spec';

export const CENTIMETRES: Unit = {
  symbol: 'cm',
  aliases: ['cms', 'centimetro', 'centimetros', 'centímetro', 'centímetros', 'centimeter', 'centimeters'],
  others: { mm: 0.1, m: 100, metro: 100, metros: 100 },
};

export const GRAMS: Unit = {
  symbol: 'g',
  aliases: ['gr', 'grs', 'grama', 'gramas', 'gramo', 'gramos', 'gram', 'grams'],
  others: { kg: 1000, kgs: 1000, quilo: 1000, quilos: 1000, kilo: 1000, kilos: 1000, mg: 0.001 },
};
