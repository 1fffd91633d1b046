import { InputNotCsvError } from '@validahub/csv-rules';
import { ObjectNotFoundError } from '@validahub/storage';
import { classifyError } from './classify-error';
import { PermanentTaskError, TransientTaskError } from './task-handler';

describe('classifyError', () => {
  it('keeps the classification of task errors', () => {
    expect(classifyError(new TransientTaskError('UPSTREAM_TIMEOUT', 'slow'))).toEqual({
      code: 'UPSTREAM_TIMEOUT',
      message: 'slow',
      transient: true,
    });
    expect(classifyError(new PermanentTaskError('BAD_PARAMS', 'no'))).toEqual({
      code: 'BAD_PARAMS',
      message: 'no',
      transient: false,
    });
  });

  it('treats a vanished input as permanent', () => {
    expect(classifyError(new ObjectNotFoundError('k'))).toMatchObject({
      code: 'INPUT_NOT_FOUND',
      transient: false,
    });
  });

  it('treats an input that is not a CSV as permanent, keeping the engine’s message', () => {
    expect(
      classifyError(new InputNotCsvError('png', 'This file looks like a PNG image, not a CSV.')),
    ).toEqual({
      code: 'INPUT_NOT_CSV',
      message: 'This file looks like a PNG image, not a CSV.',
      transient: false,
    });
  });

  it('treats passing system errors as transient and the unknown as permanent', () => {
    expect(classifyError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toMatchObject({
      code: 'IO_ERROR',
      transient: true,
    });
    expect(classifyError(new TypeError('x is undefined'))).toMatchObject({
      code: 'INTERNAL_ERROR',
      transient: false,
    });
    expect(classifyError('weird')).toMatchObject({ code: 'INTERNAL_ERROR', transient: false });
  });
});
