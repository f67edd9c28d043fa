import { describe, expect, it } from 'vitest';
import { fromUtf16Column, negotiateEncoding, toUtf16Column } from '../../server/documents/positionEncoding';

describe('position encodings', () => {
  it('takes the client’s first supported preference, else utf-16', () => {
    expect(negotiateEncoding(undefined)).toBe('utf-16');
    expect(negotiateEncoding([])).toBe('utf-16');
    expect(negotiateEncoding(['utf-8', 'utf-16'])).toBe('utf-8');
    expect(negotiateEncoding(['utf-32', 'utf-8', 'utf-16'])).toBe('utf-32');
    expect(negotiateEncoding(['latin-1', 'utf-16'])).toBe('utf-16');
  });

  // "aé€😀b": UTF-16 columns 0,1,2,3,5,6; UTF-8 bytes 0,1,3,6,10,11; code points 0..5.
  const line = 'aé€😀b';
  it.each([
    [0, 0, 0],
    [1, 1, 1],
    [2, 3, 2],
    [3, 6, 3],
    [5, 10, 4],
    [6, 11, 5],
  ])('utf-16 column %i = utf-8 byte %i = utf-32 %i', (u16, u8, u32) => {
    expect(fromUtf16Column(line, u16, 'utf-8')).toBe(u8);
    expect(toUtf16Column(line, u8, 'utf-8')).toBe(u16);
    expect(fromUtf16Column(line, u16, 'utf-32')).toBe(u32);
    expect(toUtf16Column(line, u32, 'utf-32')).toBe(u16);
  });

  it('snaps a position inside a character to its start and clamps past the end', () => {
    expect(toUtf16Column(line, 2, 'utf-8')).toBe(1); // inside é
    expect(toUtf16Column(line, 8, 'utf-8')).toBe(3); // inside 😀
    expect(toUtf16Column(line, 99, 'utf-8')).toBe(6);
    expect(toUtf16Column(line, 99, 'utf-16')).toBe(6);
  });
});
