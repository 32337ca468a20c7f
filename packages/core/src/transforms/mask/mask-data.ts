import { type Data, Type } from 'apache-arrow';
import { utf8View } from '../../kernels/utf8.js';
import { type MaskChunkContext, maskInPlaceChunk, maskWriteChunk } from './mask-chunk.js';
import { maskDictionaryData } from './mask-dictionary.js';
import { isAscii } from './utf8-chars.js';

/** Mask one Utf8 / LargeUtf8 / dictionary chunk (kernel chosen once per chunk). Counts go to cx.counts. */
export function maskData(data: Data, cx: MaskChunkContext): Data {
  if (data.typeId === Type.Dictionary) return maskDictionaryData(data, cx);
  const v = utf8View(data);
  const large = data.typeId === Type.LargeUtf8;
  const k = cx.kernel;
  if (k.inPlace !== null && cx.maskByte >= 0 && (k.asciiOnly !== true || isAscii(v.values, v.offsets[0]!, v.offsets[v.length]!))) {
    const r = maskInPlaceChunk(v, cx, large);
    if (r !== null) return r;
  }
  return maskWriteChunk(v, cx, large, null);
}
