import { Transform } from 'class-transformer';

// Environment variables are strings; these turn them into typed values before validation runs, leaving
// anything unparsable as-is so the validator reports it by name.

export function ToInt(): PropertyDecorator {
  return Transform(({ value }) =>
    typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value,
  );
}

export function ToBoolean(): PropertyDecorator {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const normalised = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
    if (['false', '0', 'no', 'off'].includes(normalised)) return false;
    return value;
  });
}

export function ToNumber(): PropertyDecorator {
  return Transform(({ value }) =>
    typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value,
  );
}
