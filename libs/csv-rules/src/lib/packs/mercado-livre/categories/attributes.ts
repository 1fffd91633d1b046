import type { ColumnSpec, EnumColumn, TextColumn } from '../../../rules/column-spec';

// Category attributes shared by several categories: one definition each, so a rule code means one thing.

export const VOLTAGE: EnumColumn = {
  name: 'voltage',
  kind: 'enum',
  requirement: 'required',
  values: ['110V', '220V', 'bivolt'],
  synonyms: ['voltagem', 'tensão', 'tensão elétrica', 'voltaje', 'VOLTAGE'],
  valueSynonyms: {
    '110': '110V', '110 v': '110V', '110 volts': '110V',
    '220': '220V', '220 v': '220V', '220 volts': '220V',
    'bi-volt': 'bivolt', 'bi volt': 'bivolt', '110/220v': 'bivolt', '110/220': 'bivolt', '110-220v': 'bivolt', '100-240v': 'bivolt', 'dual voltage': 'bivolt',
  },
};

export const SIZE: TextColumn = {
  name: 'size',
  kind: 'text',
  requirement: 'required',
  maxLength: 30,
  synonyms: ['tamanho', 'talla', 'talle', 'SIZE'],
};

export const COLOR: TextColumn = {
  name: 'color',
  kind: 'text',
  requirement: 'required',
  maxLength: 60,
  synonyms: ['cor', 'colour', 'COLOR'],
};

export const GENDER: EnumColumn = {
  name: 'gender',
  kind: 'enum',
  requirement: 'required',
  values: ['female', 'male', 'unisex', 'girls', 'boys', 'babies'],
  synonyms: ['gênero', 'sexo', 'género', 'GENDER'],
  valueSynonyms: {
    feminino: 'female', mulher: 'female', femenino: 'female', mujer: 'female', women: 'female', woman: 'female',
    masculino: 'male', homem: 'male', hombre: 'male', men: 'male', man: 'male',
    unissex: 'unisex', unisex: 'unisex',
    meninas: 'girls', menina: 'girls', niñas: 'girls', girl: 'girls',
    meninos: 'boys', menino: 'boys', niños: 'boys', boy: 'boys',
    bebês: 'babies', bebê: 'babies', bebés: 'babies', baby: 'babies',
  },
};

export const MATERIAL: ColumnSpec = {
  name: 'material',
  kind: 'text',
  requirement: 'recommended',
  maxLength: 120,
  synonyms: ['material principal', 'MATERIAL'],
};
