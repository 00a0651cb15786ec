import { asError, errorText } from './error-text';

describe('errorText', () => {
  it('gives an Error its message, or its stack when asked', () => {
    const error = new Error('broker unreachable');
    expect(errorText(error)).toBe('broker unreachable');
    expect(errorText(error, { stack: true })).toContain('at ');
  });

  it('prints any other thrown value', () => {
    expect(errorText('plain text')).toBe('plain text');
    expect(errorText(42)).toBe('42');
  });
});

describe('asError', () => {
  it('keeps an Error and wraps anything else', () => {
    const error = new TypeError('x');
    expect(asError(error)).toBe(error);
    expect(asError('y')).toEqual(new Error('y'));
  });
});
