/** Appends fixed-width unsigned fields and renders them as upper-case hex. */
export class BitWriter {
  private bits = '';

  get length(): number {
    return this.bits.length;
  }

  write(value: bigint, width: number): this {
    if (value < 0n || value >= 1n << BigInt(width)) throw new RangeError(`${value} does not fit in ${width} bits`);
    if (width > 0) this.bits += value.toString(2).padStart(width, '0');
    return this;
  }

  /** Hex of the bits written, the last nibble padded with zero bits. */
  toHex(): string {
    const padded = this.bits.padEnd(Math.ceil(this.bits.length / 4) * 4, '0');
    let hex = '';
    for (let i = 0; i < padded.length; i += 4) hex += Number.parseInt(padded.slice(i, i + 4), 2).toString(16);
    return hex.toUpperCase();
  }
}

/** Reads fixed-width unsigned fields from a bit string. */
export class BitReader {
  private pos = 0;

  constructor(private readonly bits: string) {}

  static fromHex(hex: string): BitReader {
    return new BitReader(hexToBits(hex));
  }

  get remaining(): number {
    return this.bits.length - this.pos;
  }

  read(width: number): bigint {
    if (width > this.remaining) throw new RangeError(`need ${width} bits, ${this.remaining} left`);
    const slice = this.bits.slice(this.pos, this.pos + width);
    this.pos += width;
    return width === 0 ? 0n : BigInt(`0b${slice}`);
  }

  /** True when every bit not read yet is zero. */
  restIsZero(): boolean {
    return !this.bits.slice(this.pos).includes('1');
  }
}

export const hexToBits = (hex: string): string =>
  [...hex].map((c) => Number.parseInt(c, 16).toString(2).padStart(4, '0')).join('');
