import type { EnumColumn, TextColumn } from '../../../rules/column-spec';

export const COLOR: TextColumn = { name: 'color', kind: 'text', requirement: 'required', maxLength: 100, synonyms: ['cor'] };

export const SIZE: TextColumn = { name: 'size', kind: 'text', requirement: 'required', maxLength: 100, synonyms: ['tamanho', 'talla'] };

export const GENDER: EnumColumn = {
  name: 'gender',
  kind: 'enum',
  requirement: 'required',
  values: ['male', 'female', 'unisex'],
  synonyms: ['gênero', 'sexo', 'género'],
  valueSynonyms: { masculino: 'male', homem: 'male', feminino: 'female', mulher: 'female', femenino: 'female', unissex: 'unisex' },
};

export const AGE_GROUP: EnumColumn = {
  name: 'age_group',
  kind: 'enum',
  requirement: 'required',
  values: ['newborn', 'infant', 'toddler', 'kids', 'adult'],
  synonyms: ['faixa etária', 'idade', 'grupo de edad'],
  valueSynonyms: { 'recém-nascido': 'newborn', bebê: 'infant', 'primeira infância': 'toddler', infantil: 'kids', criança: 'kids', adulto: 'adult' },
};
