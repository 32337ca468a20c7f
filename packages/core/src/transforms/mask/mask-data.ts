import { type Data, Type } from 'apache-arrow';
import { utf8View } from '../../kernels/utf8.js';
import { type MaskChunkContext, maskInPlaceChunk, maskWriteChunk } from './mask-chunk.js';
import { maskDictionaryData } from './mask-dictionary.js';

/** Mask one Utf8 / LargeUtf8 / dictionary chunk (kernel chosen once per chunk). Counts go to cx.counts. */
export function maskData(data: Data, cx: MaskChunkContext): Data {
  if (data.typeId === Type.Dictionary) return maskDictionaryData(data, cx);
  const v = utf8View(data);
  const large = data.typeId === Type.LargeUtf8;
  if (cx.kernel.inPlace !== null && cx.maskByte >= 0) {
    const r = maskInPlaceChunk(v, cx, large);
    if (r !== null) return r;
  }
  return maskWriteChunk(v, cx, large, null);
}
