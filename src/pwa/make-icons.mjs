// Draws the app icons (public/icons/*.png) without any image library: a blue tile with a white
// location pin holding a check mark — "every resident of the village, checked". Run once after a
// design change: `node src/pwa/make-icons.mjs`. The PNGs are committed.
import { deflateSync, crc32 } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const BLUE = [11, 79, 156];
const WHITE = [255, 255, 255];
const GREEN = [21, 128, 61];

function pixelColour(x, y, size, padding) {
  // Coordinates in a unit square, shrunk by `padding` so a maskable icon keeps its safe zone.
  const u = (x / size - 0.5) / (1 - 2 * padding) + 0.5;
  const v = (y / size - 0.5) / (1 - 2 * padding) + 0.5;
  const dx = u - 0.5;
  const dy = v - 0.42;
  const inHead = dx * dx + dy * dy < 0.3 * 0.3;
  const inTip = v >= 0.42 && v < 0.86 && Math.abs(dx) < 0.3 * (1 - (v - 0.42) / 0.44);
  if (!(inHead || inTip)) return BLUE;
  // A check mark inside the pin's head: two thick strokes.
  const onStroke = (ax, ay, bx, by) => {
    const t = Math.max(0, Math.min(1, ((u - ax) * (bx - ax) + (v - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    const px = ax + t * (bx - ax) - u;
    const py = ay + t * (by - ay) - v;
    return px * px + py * py < 0.045 * 0.045;
  };
  if (onStroke(0.37, 0.43, 0.46, 0.52) || onStroke(0.46, 0.52, 0.64, 0.33)) return GREEN;
  return WHITE;
}

function png(size, padding) {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b] = pixelColour(x + 0.5, y + 0.5, size, padding);
      const at = y * (size * 3 + 1) + 1 + x * 3;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
    }
  }
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync('public/icons/icon-192.png', png(192, 0.08));
writeFileSync('public/icons/icon-512.png', png(512, 0.08));
writeFileSync('public/icons/icon-maskable-512.png', png(512, 0.2));
writeFileSync('public/icons/apple-touch-icon.png', png(180, 0.08));
console.log('icons written to public/icons/');
