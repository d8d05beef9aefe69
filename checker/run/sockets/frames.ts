/**
 * Reads the bytes a server sends on a WebSocket connection as they arrive on the TCP
 * socket (RFC 6455): first the HTTP answer to the upgrade request, then frames. It
 * never keeps a payload, only counts it, and says when a message's declared size
 * passes the limit, which frame headers tell before the payload itself arrives.
 *
 * Frames that came in the same chunk as the HTTP answer are read once, then handed back
 * to the socket by `ws` (`socket.unshift(head)`), which emits them again: the meter
 * recognises that replay and does not count those bytes twice.
 *
 * socket.io-client 2.x cannot give its `ws` a `maxPayload`, and none of the clients
 * can be told to stop a message while it arrives; counting the socket's own bytes
 * works the same for every client version. (Each client's `ws` also gets a limit of
 * its own, a second wall: see wires.ts.)
 *
 * Informational answers (1xx, `103 Early Hints` say) may come before the `101`: Node's
 * HTTP client skips them and upgrades, so the meter skips them too, and reads frames only
 * after the `101`. Every frame, header and payload as its header declares them, is also
 * offered to `spend` (the check's byte budget) before its payload arrives.
 */

/** What the meter has learnt so far. */
export interface Metered {
  /** Status of the HTTP answer to the upgrade request, once its first line is in. */
  status?: number;
  /** Set once a message is longer than the limit: its size as declared, in bytes. */
  overBytes?: number;
  /** Set once `spend` said no: the check's byte budget is spent. */
  overBudget?: true;
}

/** The HTTP answer's head is never this long; past it the meter stops reading (the HTTP parser fails anyway). */
const MAX_HEAD_BYTES = 64 * 1024;

const HEAD_END = Buffer.from('\r\n\r\n');

export class FrameMeter {
  private readonly maxBytes: number;
  private phase: 'head' | 'frames' | 'off' = 'head';
  private head = Buffer.alloc(0);
  /** Bytes of a frame header read so far (at most 14). */
  private header = Buffer.alloc(0);
  /** Payload bytes of the current frame still to come. */
  private skip = 0;
  /** Payload bytes of the current message so far (data frames, fragments included). */
  private message = 0;
  /** What followed the HTTP answer in its chunk, already read, which the socket may emit again. */
  private replay?: Buffer;
  readonly seen: Metered = {};

  private readonly spend: (bytes: number) => boolean;

  constructor(maxBytes: number, spend: (bytes: number) => boolean = () => true) {
    this.maxBytes = maxBytes;
    this.spend = spend;
  }

  /** Counts one chunk from the socket; returns what is known now. */
  push(chunk: Buffer): Metered {
    let rest = chunk;
    if (this.replay) {
      if (rest.subarray(0, this.replay.length).equals(this.replay)) rest = rest.subarray(this.replay.length);
      this.replay = undefined;
    }
    // A 1xx head leaves the meter reading heads, with the rest of the chunk still to read.
    while (this.phase === 'head' && rest.length > 0) rest = this.readHead(rest);
    while (this.phase === 'frames' && rest.length > 0 && this.seen.overBytes === undefined && !this.seen.overBudget) rest = this.readFrames(rest);
    return this.seen;
  }

  private readHead(chunk: Buffer): Buffer {
    const head = Buffer.concat([this.head, chunk]);
    const end = head.indexOf(HEAD_END);
    if (end < 0) {
      this.head = head.length > MAX_HEAD_BYTES ? Buffer.alloc(0) : head;
      if (head.length > MAX_HEAD_BYTES) this.phase = 'off';
      return Buffer.alloc(0);
    }
    this.head = Buffer.alloc(0);
    const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head.subarray(0, Math.min(end, 64)).toString('latin1'))?.[1]);
    const rest = head.subarray(end + HEAD_END.length);
    // An informational answer before the 101: skipped, as Node's HTTP client skips it. An
    // app that sends them without end never upgrades: its connection times out.
    if (status >= 100 && status < 200 && status !== 101) return rest;
    if (Number.isInteger(status)) this.seen.status = status;
    // Anything but 101 is a refusal: its body is HTTP, not frames, and the client drops it.
    this.phase = status === 101 ? 'frames' : 'off';
    if (rest.length > 0) this.replay = Buffer.from(rest);
    return rest;
  }

  private readFrames(chunk: Buffer): Buffer {
    if (this.skip > 0) {
      const taken = Math.min(this.skip, chunk.length);
      this.skip -= taken;
      return chunk.subarray(taken);
    }
    const header = Buffer.concat([this.header, chunk.subarray(0, 14)]);
    const size = headerSize(header);
    if (size === undefined || header.length < size) {
      this.header = header;
      return Buffer.alloc(0);
    }
    const used = size - this.header.length;
    this.header = Buffer.alloc(0);
    const length = payloadLength(header);
    const opcode = header[0] & 0x0f;
    const fin = (header[0] & 0x80) !== 0;
    // Control frames (close, ping, pong: opcodes 8 and up) are small and not part of a message.
    if (opcode < 8) {
      this.message = opcode === 0 ? this.message + length : length;
      if (this.message > this.maxBytes) {
        this.seen.overBytes = this.message;
        return Buffer.alloc(0);
      }
      if (fin) this.message = 0;
    }
    // After the message's own cap, which names what went wrong more precisely.
    if (!this.spend(size + length)) {
      this.seen.overBudget = true;
      return Buffer.alloc(0);
    }
    this.skip = length;
    return chunk.subarray(used);
  }
}

/** A frame header's size once its first two bytes are known: 2, plus 2 or 8 for the length, plus 4 for a mask. */
function headerSize(header: Buffer): number | undefined {
  if (header.length < 2) return undefined;
  const short = header[1] & 0x7f;
  const extended = short === 126 ? 2 : short === 127 ? 8 : 0;
  return 2 + extended + ((header[1] & 0x80) !== 0 ? 4 : 0);
}

function payloadLength(header: Buffer): number {
  const short = header[1] & 0x7f;
  if (short === 126) return header.readUInt16BE(2);
  // Past 2^53 a Number is inexact, but such a length is over any limit all the same.
  if (short === 127) return Number(header.readBigUInt64BE(2));
  return short;
}
