// The size of JSON as it travels (UTF-8), measured the same way on the device and on the server [S10, S29].

/** Bytes of a string as UTF-8, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1; // 2 bytes
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair, 2 units: 4 bytes
      i++;
    } else bytes += 2; // the rest of the BMP, and a lone surrogate (written as U+FFFD): 3 bytes
  }
  return bytes;
}

/** Whether a JSON text is over `limit` bytes of UTF-8; counted only when its length alone cannot tell. */
export function jsonOver(json: string, limit: number): boolean {
  return json.length > limit || (json.length * 3 > limit && utf8Length(json) > limit);
}
