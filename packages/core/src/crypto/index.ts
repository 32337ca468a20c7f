export * from './ecb.js';
export * from './cmac.js';
export * from './hmac.js';
export * from './xxh64.js';
export * from './encode.js';
export * from './ff1.js';
export * from './kdf.js';
export * from './key.js';
