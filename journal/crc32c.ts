// CRC-32C (Castagnoli), the body checksum of every envelope: slicing-by-8 tables, no dependency.

const POLY = 0x82f63b78;
const T = new Uint32Array(8 * 256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T[i] = c >>> 0;
}
for (let i = 0; i < 256; i++) {
  for (let s = 1; s < 8; s++) {
    const prev = T[(s - 1) * 256 + i]!;
    T[s * 256 + i] = (T[prev & 0xff]! ^ (prev >>> 8)) >>> 0;
  }
}

/** CRC-32C of `bytes` (RFC 3720 appendix B.4); `crc32c('123456789') === 0xe3069283`. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  let i = 0;
  const n = bytes.length;
  for (; i + 8 <= n; i += 8) {
    const a = (crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))) >>> 0;
    crc =
      T[7 * 256 + (a & 0xff)]! ^ T[6 * 256 + ((a >>> 8) & 0xff)]! ^
      T[5 * 256 + ((a >>> 16) & 0xff)]! ^ T[4 * 256 + (a >>> 24)]! ^
      T[3 * 256 + bytes[i + 4]!]! ^ T[2 * 256 + bytes[i + 5]!]! ^
      T[1 * 256 + bytes[i + 6]!]! ^ T[bytes[i + 7]!]!;
  }
  for (; i < n; i++) crc = T[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
