/**
 * The search index's forward streams (src/core/search/forward-store.ts) for a serving process:
 * the first `memoryBytes` of them in the heap, the rest in a temporary file. A phrase check reads a
 * candidate's stream; from the heap that is a view (a fraction of a microsecond), from the file one
 * positioned read (a few). Slots are handed out in descending upvotes, so the heap holds the papers
 * searches reach first; past the budget (at some twenty thousand papers) the file keeps the
 * resident set flat, its pages in the operating system's cache instead. The file is unlinked as soon
 * as it is open, so nothing is left behind when the process ends, however it ends.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createMemoryForwardStore, StreamOffsets, type ForwardStore } from '../core/search/forward-store.js';

/** Appends gather here and reach the file in writes of this size. */
const BUFFER = 1 << 20;
/** A scan over many streams reads the file in pieces of this size. */
const SCAN_WINDOW = 4 << 20;
/**
 * Streams kept in the heap before the rest go to the file: the most upvoted twenty thousand
 * papers' or so, which a phrase's top hits come from first. Since the pair lists cut a phrase's
 * candidates to a few dozen checks, the heap no longer needs most of them (docs/decisions/0017-phrase-pair-lists.md).
 */
export const FORWARD_MEMORY_BYTES = 16 << 20;

export interface ForwardFileOptions {
  readonly memoryBytes?: number;
  readonly directory?: string;
  /** About how many slots it will hold. */
  readonly slots?: number;
}

export function createFileForwardStore(options: ForwardFileOptions = {}): ForwardStore {
  const memoryBytes = options.memoryBytes ?? FORWARD_MEMORY_BYTES;
  const heap = createMemoryForwardStore({ kind: 'streams', slots: 0 });
  /** The first slot whose stream went to the file (Infinity while all fit in the heap). */
  let firstFiled = Infinity;
  let heapUsed = 0;
  let file: ReturnType<typeof openFile> | undefined;

  return {
    append(slot, stream) {
      if (firstFiled === Infinity && heapUsed + stream.length <= memoryBytes) {
        heap.append(slot, stream);
        heapUsed += stream.length;
        return;
      }
      if (firstFiled === Infinity) firstFiled = slot;
      file ??= openFile(options.directory ?? tmpdir(), (options.slots ?? 0) - slot);
      file.append(slot, stream);
    },
    read(slot) {
      return slot < firstFiled ? heap.read(slot) : file!.read(slot);
    },
    *scan(from, to) {
      yield* heap.scan(from, Math.min(to, firstFiled));
      if (to > firstFiled) yield* file!.scan(Math.max(from, firstFiled), to);
    },
    length(slot) {
      return slot < firstFiled ? heap.length(slot) : file!.length(slot);
    },
    heapBytes: () => heap.heapBytes() + (file?.heapBytes() ?? 0),
    close() {
      heap.close();
      file?.close();
    },
  };
}

/** Streams in an unlinked temporary file, by slot (slots numbered from the first filed). */
function openFile(directory: string, slots: number) {
  const path = join(directory, `paperboy-forward-${process.pid}-${randomBytes(6).toString('hex')}`);
  let fd: number | undefined = openSync(path, 'w+', 0o600);
  unlinkSync(path);
  const offsets = new StreamOffsets(slots);
  const pending = new Uint8Array(BUFFER);
  let pendingFrom = 0;
  let pendingUsed = 0;
  let first = -1;
  let scratch = new Uint8Array(512);

  const open = (): number => {
    if (fd === undefined) throw new Error('The search index was closed.');
    return fd;
  };
  const write = (bytes: Uint8Array, at: number) => {
    let written = 0;
    while (written < bytes.length) written += writeSync(open(), bytes, written, bytes.length - written, at + written);
  };
  /** Fills `into[0…length)` from the file at `at`. */
  const readAt = (into: Uint8Array, length: number, at: number) => {
    for (let read = 0; read < length; ) {
      const n = readSync(open(), into, read, length - read, at + read);
      if (n === 0) throw new Error(`The search index's forward file ended early at byte ${at + read}.`);
      read += n;
    }
  };
  const flush = () => {
    write(pending.subarray(0, pendingUsed), pendingFrom);
    pendingFrom += pendingUsed;
    pendingUsed = 0;
  };

  return {
    append(slot: number, stream: Uint8Array) {
      if (first < 0) first = slot;
      offsets.add(slot - first, stream.length);
      if (pendingUsed + stream.length > BUFFER) flush();
      if (stream.length > BUFFER) {
        write(stream, pendingFrom);
        pendingFrom += stream.length;
        return;
      }
      pending.set(stream, pendingUsed);
      pendingUsed += stream.length;
    },
    read(slot: number): Uint8Array {
      const start = offsets.start(slot - first);
      const length = offsets.length(slot - first);
      if (start >= pendingFrom) return pending.subarray(start - pendingFrom, start - pendingFrom + length);
      if (length > scratch.length) scratch = new Uint8Array(Math.max(length, scratch.length * 2));
      readAt(scratch, length, start);
      return scratch.subarray(0, length);
    },
    *scan(from: number, to: number): Generator<Uint8Array> {
      // A stream lies wholly in the file or wholly in `pending` (append flushes before one that would straddle).
      let window = new Uint8Array(0);
      let windowFrom = 0;
      let windowTo = 0;
      for (let slot = from; slot < to; slot++) {
        const start = offsets.start(slot - first);
        const length = offsets.length(slot - first);
        if (start >= pendingFrom) {
          yield pending.subarray(start - pendingFrom, start - pendingFrom + length);
          continue;
        }
        if (start < windowFrom || start + length > windowTo) {
          if (window.length < Math.max(length, SCAN_WINDOW)) window = new Uint8Array(Math.max(length, SCAN_WINDOW));
          const size = Math.min(window.length, pendingFrom - start);
          readAt(window, size, start);
          windowFrom = start;
          windowTo = start + size;
        }
        yield window.subarray(start - windowFrom, start - windowFrom + length);
      }
    },
    length: (slot: number) => offsets.length(slot - first),
    heapBytes: () => BUFFER + scratch.byteLength + offsets.heapBytes(),
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
