// One-off generator of the PWA icons (run: node app/pwa/make-icons.mjs): draws a white "K" on the
// theme blue and writes dependency-free PNGs with node:zlib into app/public/icons/.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../public/icons/', import.meta.url));
const BLUE = [0x1d, 0x4f, 0x91];
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(size, pixelAt) {
  const raw = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixelAt(x + 0.5, y + 0.5), y * (size * 3 + 1) + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Distance from point p to segment a–b, all in units of the glyph box (0..1).
function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The letter K as three strokes inside a box covering `scale` of the icon, centred. */
function glyph(size, scale) {
  const stroke = 0.09;
  return (x, y) => {
    const u = (x / size - 0.5) / scale + 0.5;
    const v = (y / size - 0.5) / scale + 0.5;
    const onK = segmentDistance(u, v, 0.3, 0.15, 0.3, 0.85) < stroke
      || segmentDistance(u, v, 0.36, 0.52, 0.74, 0.15) < stroke
      || segmentDistance(u, v, 0.42, 0.45, 0.76, 0.85) < stroke;
    return onK ? WHITE : BLUE;
  };
}

mkdirSync(OUT, { recursive: true });
writeFileSync(`${OUT}icon-192.png`, png(192, glyph(192, 0.8)));
writeFileSync(`${OUT}icon-512.png`, png(512, glyph(512, 0.8)));
// Maskable: the glyph stays inside the 80 % safe zone whatever shape the launcher cuts.
writeFileSync(`${OUT}icon-512-maskable.png`, png(512, glyph(512, 0.55)));
