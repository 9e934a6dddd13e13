/**
 * RC4, for the Standard security handler's revisions 2–4 (ISO 32000-2 §7.6.3 "Algorithm 1", V 1–2
 * and the /V2 crypt filter). Node's OpenSSL 3 offers RC4 only through the legacy provider, which
 * Node does not load (`crypto.getCiphers()` has no "rc4"), so it is written here: the key-scheduling
 * algorithm and the keystream generator, applied by XOR (encryption and decryption are the same).
 * RC4 is broken as a cipher; it is implemented only to read and to extend documents that already
 * use it.
 */
export function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  if (key.length === 0 || key.length > 256) throw new RangeError('RC4 keys are 1 to 256 bytes');
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    const t = s[i];
    s[i] = s[j];
    s[j] = t;
  }
  const out = Buffer.allocUnsafe(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    const t = s[i];
    s[i] = s[j];
    s[j] = t;
    out[n] = data[n] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}
