export { convertFile, type ConvertFileOptions, type ConvertResult } from './convert-file.js';
