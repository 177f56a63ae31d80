/**
 * The natural logarithm rounded correctly to the nearest double, as the C library's `log` (which
 * SQLite's bm25 and `ln()` call) returns it, where V8's `Math.log` is sometimes one unit in the last
 * place away (`Math.log(3)` is). The value is worked out in 192-bit fixed point with BigInt
 * (x = m · 2^e, ln x = ln m + e · ln 2, ln m by the atanh series) and rounded once, by `Number()`.
 * Slow (tens of microseconds), so callers cache: bm25 needs one per query term and one per distinct
 * upvote count.
 */
const P = 192n;
const ONE = 1n << P;

function atanhSeries(z: bigint): bigint {
  const z2 = (z * z) >> P;
  let term = z;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i += 2n) {
    sum += term / i;
    term = (term * z2) >> P;
  }
  return 2n * sum;
}

/** ln of a fixed-point value in [1, 2). */
function lnUnit(m: bigint): bigint {
  return atanhSeries(((m - ONE) << P) / (m + ONE));
}

/** ln 2 = 2 · atanh(1/3). */
const LN2 = atanhSeries(ONE / 3n);

const view = new DataView(new ArrayBuffer(8));
const cache = new Map<number, number>();

export function exactLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  const hit = cache.get(x);
  if (hit !== undefined) return hit;
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent = biased - 1075;
  if (biased === 0) exponent = -1074;
  else mantissa |= 1n << 52n;
  // Normalise the mantissa to [1, 2) in fixed point, moving its bits into the exponent.
  const bits = mantissa.toString(2).length - 1;
  const unit = (mantissa << P) >> BigInt(bits);
  const fixed = lnUnit(unit) + BigInt(exponent + bits) * LN2;
  const result = Number(fixed) / 2 ** Number(P);
  if (cache.size > 100_000) cache.clear();
  cache.set(x, result);
  return result;
}
