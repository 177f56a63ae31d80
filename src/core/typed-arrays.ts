/** The typed arrays the indexes grow as they fill. */
type Growable = Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Float64Array<ArrayBuffer>;

/** A new array of the same kind holding `array`'s values, at least `atLeast` long and at least twice as long as `array`. */
export function grown<A extends Growable>(array: A, atLeast: number): A {
  const next = new (array.constructor as new (length: number) => A)(Math.max(atLeast, array.length * 2));
  next.set(array);
  return next;
}

/** The index of the first entry ≥ `value` in ascending `sorted` (its length when there is none). */
export function lowerBound(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
