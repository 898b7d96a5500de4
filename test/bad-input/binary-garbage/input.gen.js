/** 64 KiB of pseudo-random bytes (a fixed linear congruential sequence, so every run sees the same bytes). */
module.exports = () => {
  const bytes = Buffer.alloc(64 * 1024);
  let state = 12345;
  for (let i = 0; i < bytes.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    bytes[i] = state >> 16;
  }
  return bytes;
};
