/**
 * The search index's forward streams (src/core/search/forward-store.ts) in a temporary file: a
 * serving index at a million papers would hold some 700 MB of them in the heap, where the file's
 * pages sit in the operating system's cache instead and a phrase check reads a few hundred bytes
 * with one positioned read. The file is unlinked as soon as it is open, so nothing is left behind
 * when the process ends, however it ends.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { StreamOffsets, type ForwardStore } from '../core/search/forward-store.js';

/** Appends gather here and reach the file in writes of this size. */
const BUFFER = 1 << 20;

export function createFileForwardStore(directory = tmpdir()): ForwardStore {
  const path = join(directory, `paperboy-forward-${process.pid}-${randomBytes(6).toString('hex')}`);
  let fd: number | undefined = openSync(path, 'w+', 0o600);
  unlinkSync(path);
  const offsets = new StreamOffsets();
  const pending = new Uint8Array(BUFFER);
  let pendingFrom = 0;
  let pendingUsed = 0;
  let scratch = new Uint8Array(512);

  const open = (): number => {
    if (fd === undefined) throw new Error('The search index was closed.');
    return fd;
  };
  const flush = () => {
    let written = 0;
    while (written < pendingUsed) written += writeSync(open(), pending, written, pendingUsed - written, pendingFrom + written);
    pendingFrom += pendingUsed;
    pendingUsed = 0;
  };

  return {
    append(slot, stream) {
      offsets.add(slot, stream.length);
      if (pendingUsed + stream.length > BUFFER) flush();
      if (stream.length > BUFFER) {
        let written = 0;
        while (written < stream.length) written += writeSync(open(), stream, written, stream.length - written, pendingFrom + written);
        pendingFrom += stream.length;
        return;
      }
      pending.set(stream, pendingUsed);
      pendingUsed += stream.length;
    },
    read(slot) {
      const start = offsets.start(slot);
      const length = offsets.length(slot);
      if (start >= pendingFrom) return pending.subarray(start - pendingFrom, start - pendingFrom + length);
      if (length > scratch.length) scratch = new Uint8Array(Math.max(length, scratch.length * 2));
      let read = 0;
      while (read < length) {
        const n = readSync(open(), scratch, read, length - read, start + read);
        if (n === 0) throw new Error(`The search index's forward file ended early at slot ${slot}.`);
        read += n;
      }
      return scratch.subarray(0, length);
    },
    heapBytes: () => BUFFER + scratch.byteLength + offsets.heapBytes(),
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
