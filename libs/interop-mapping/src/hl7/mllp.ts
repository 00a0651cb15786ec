/**
 * MLLP (HL7 v2 Minimal Lower Layer Protocol) framing: a message is sent as
 * `0x0B <message> 0x1C 0x0D`. Written by hand (it is this small) because @medplum/hl7's
 * connection treats every read that ends in 0x1C 0x0D as one whole frame starting at its first
 * byte, so garbage before a frame, two frames in one read or a frame without its end block
 * followed by a good one would be misread.
 */
export const MLLP_START_BLOCK = 0x0b;
export const MLLP_END_BLOCK = 0x1c;
export const MLLP_CARRIAGE_RETURN = 0x0d;

/** `message` framed for the wire. */
export function mllpFrame(message: string): Buffer {
  return Buffer.concat([
    Buffer.from([MLLP_START_BLOCK]),
    Buffer.from(message, 'utf8'),
    Buffer.from([MLLP_END_BLOCK, MLLP_CARRIAGE_RETURN]),
  ]);
}

export interface MllpDecoded {
  /** The messages of the frames completed by this chunk, in order. */
  readonly frames: string[];
  /** Bytes thrown away: outside any frame, or of a frame cut short by a new start block or too large. */
  readonly discardedBytes: number;
}

/**
 * Reads frames out of a byte stream, one connection's worth. Bytes outside a frame are skipped; a
 * start block inside a frame abandons the frame without an end block and starts a new one; a frame
 * above `maxFrameBytes` is abandoned until the next start block. The carriage return after the end
 * block is not required (it is skipped with the bytes outside frames).
 */
export class MllpDecoder {
  private chunks: Buffer[] = [];
  private frameBytes = 0;
  private inFrame = false;
  private overflowed = false;
  /** The last chunk ended on an end block: a carriage return first in the next is its own. */
  private endBlockLast = false;

  constructor(private readonly maxFrameBytes: number) {}

  push(data: Buffer): MllpDecoded {
    const frames: string[] = [];
    let discardedBytes = 0;
    let from = this.endBlockLast && data[0] === MLLP_CARRIAGE_RETURN ? 1 : 0;
    this.endBlockLast = false;
    for (let i = from; i < data.length; i++) {
      const byte = data[i];
      if (byte === MLLP_START_BLOCK) {
        discardedBytes += i - from + (this.inFrame ? this.abandon() : 0);
        this.inFrame = true;
        from = i + 1;
      } else if (byte === MLLP_END_BLOCK && this.inFrame) {
        this.append(data.subarray(from, i));
        if (!this.overflowed) frames.push(Buffer.concat(this.chunks).toString('utf8'));
        else discardedBytes += this.frameBytes;
        this.reset();
        if (data[i + 1] === MLLP_CARRIAGE_RETURN) i += 1;
        else this.endBlockLast = i + 1 === data.length;
        from = i + 1;
      }
    }
    if (this.inFrame) this.append(data.subarray(from));
    else discardedBytes += data.length - from;
    return { frames, discardedBytes };
  }

  private append(bytes: Buffer): void {
    this.frameBytes += bytes.length;
    if (this.frameBytes > this.maxFrameBytes) {
      this.overflowed = true;
      this.chunks = [];
    } else if (bytes.length > 0) this.chunks.push(Buffer.from(bytes));
  }

  private abandon(): number {
    const bytes = this.frameBytes;
    this.reset();
    return bytes;
  }

  private reset(): void {
    this.chunks = [];
    this.frameBytes = 0;
    this.inFrame = false;
    this.overflowed = false;
  }
}
