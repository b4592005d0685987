import { describe, expect, it } from 'vitest';
import { BitReader, BitWriter } from './bits.js';

describe('bits', () => {
  it('writes and reads fields across nibble boundaries', () => {
    const hex = new BitWriter().write(0x33n, 8).write(3n, 3).write(5n, 3).write(614141n, 24).toHex();
    expect(hex).toBe('3374257BF4');
    const r = BitReader.fromHex(hex);
    expect([r.read(8), r.read(3), r.read(3), r.read(24)]).toEqual([0x33n, 3n, 5n, 614141n]);
    expect(r.remaining).toBe(2);
    expect(r.restIsZero()).toBe(true);
  });

  it('refuses values wider than their field and reads past the end', () => {
    expect(() => new BitWriter().write(8n, 3)).toThrow(RangeError);
    expect(() => BitReader.fromHex('F').read(5)).toThrow(RangeError);
  });
});
