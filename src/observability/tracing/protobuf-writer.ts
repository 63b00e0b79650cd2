/**
 * A protocol buffers writer for the few wire types an OTLP trace export needs, writing straight
 * into one growing buffer: no object per field, no second pass to size the message. A nested
 * message reserves one byte for its length and moves its content when the length takes more.
 */
export class ProtobufWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private readonly encoder = new TextEncoder();
  pos = 0;

  constructor(expectedBytes: number) {
    // Not zero-filled: every byte before `pos` is written, none after it is read.
    this.buffer = Buffer.allocUnsafeSlow(Math.max(64, expectedBytes));
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  }

  /** What was written: a view of the writer's buffer, which it no longer writes to. */
  finish(): Uint8Array {
    return this.buffer.subarray(0, this.pos);
  }

  tag(fieldNumber: number, wireType: 0 | 1 | 2 | 5): void {
    this.varint((fieldNumber << 3) | wireType);
  }

  /** An unsigned varint, or a negative integer as its 64-bit two's complement (int64). */
  varint(value: number): void {
    this.ensure(10);
    const buffer = this.buffer;
    if (value >= 0 && value <= 0xffffffff) {
      let v = value >>> 0;
      while (v > 0x7f) {
        buffer[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      buffer[this.pos++] = v;
      return;
    }
    let low: number;
    let high: number;
    if (value >= 0) {
      low = value >>> 0;
      high = (value / 0x100000000) >>> 0;
    } else {
      const magnitude = -value;
      low = ~(magnitude >>> 0) >>> 0;
      high = ~((magnitude / 0x100000000) >>> 0) >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    while (high > 0 || low > 0x7f) {
      buffer[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buffer[this.pos++] = low;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, value >>> 0, true);
    this.pos += 4;
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.view.setUint32(this.pos, low >>> 0, true);
    this.view.setUint32(this.pos + 4, high >>> 0, true);
    this.pos += 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** A string's UTF-8 bytes, after their length. */
  string(value: string): void {
    const length = value.length;
    let ascii = true;
    for (let i = 0; i < length; i++) {
      if (value.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      const bytes = this.encoder.encode(value);
      this.bytes(bytes);
      return;
    }
    this.varint(length);
    this.ensure(length);
    const buffer = this.buffer;
    let pos = this.pos;
    for (let i = 0; i < length; i++) buffer[pos++] = value.charCodeAt(i);
    this.pos = pos;
  }

  /** The bytes that lowercase hex digits spell (a trace or span id), after their length. */
  hexBytes(hex: string): void {
    const length = hex.length >>> 1;
    this.varint(length);
    this.ensure(length);
    const buffer = this.buffer;
    let pos = this.pos;
    for (let i = 0; i < hex.length; i += 2) {
      buffer[pos++] = (hexDigit(hex.charCodeAt(i)) << 4) | hexDigit(hex.charCodeAt(i + 1));
    }
    this.pos = pos;
  }

  /** Bytes, after their length. */
  bytes(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.raw(bytes);
  }

  /** Bytes as they are: an encoded field written once and copied into every message. */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Starts a nested message's length: pass what it returns to {@link endLength} once the message is written. */
  startLength(): number {
    this.ensure(1);
    return this.pos++;
  }

  endLength(at: number): void {
    const length = this.pos - at - 1;
    const extra = varintSize(length) - 1;
    if (extra > 0) {
      this.ensure(extra);
      this.buffer.copyWithin(at + 1 + extra, at + 1, this.pos);
      this.pos += extra;
    }
    let v = length;
    let pos = at;
    while (v > 0x7f) {
      this.buffer[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[pos] = v;
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const grown = Buffer.allocUnsafeSlow(size);
    grown.set(this.buffer.subarray(0, this.pos));
    this.buffer = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
  }
}

function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** 0-9, a-f (and A-F) as their value. */
function hexDigit(code: number): number {
  if (code <= 0x39) return code - 0x30;
  return (code | 0x20) - 0x57;
}
