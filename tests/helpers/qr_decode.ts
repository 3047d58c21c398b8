import jsQRModule from "jsqr";
import { PNG } from "pngjs";

// jsqr is CommonJS: its default export arrives as the function itself.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

/** The text a QR code in a PNG holds, read by a QR decoder as a phone's camera would. */
export function decodeQrPng(bytes: Uint8Array): string | null {
  const png = PNG.sync.read(Buffer.from(bytes));
  const pixels = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  return jsQR(pixels, png.width, png.height)?.data ?? null;
}
