/**
 * Detector type ids. The numeric code is what hot loops carry; the name is what reports print.
 * Order matters only for the codes: append new types at the end.
 */
export const DETECTOR_TYPES = [
  'cn_id',
  'cn_id15',
  'cn_uscc',
  'cn_mobile',
  'cn_landline',
  'bank_card',
  'email',
  'cn_passport',
  'hk_mo_tw_permit',
  'hk_id',
  'tw_id',
  'cn_plate',
  'ipv4',
  'ipv6',
  'person_name',
  'address',
  'geo_coordinate',
  'qq_number',
  'wechat_id',
  'vin',
  'personal_number',
] as const;

export type DetectorType = (typeof DETECTOR_TYPES)[number];

export const T_CN_ID = 0;
export const T_CN_ID15 = 1;
export const T_CN_USCC = 2;
export const T_CN_MOBILE = 3;
export const T_CN_LANDLINE = 4;
export const T_BANK_CARD = 5;
export const T_EMAIL = 6;
export const T_CN_PASSPORT = 7;
export const T_HK_MO_TW_PERMIT = 8;
export const T_HK_ID = 9;
export const T_TW_ID = 10;
export const T_CN_PLATE = 11;
export const T_IPV4 = 12;
export const T_IPV6 = 13;
export const T_PERSON_NAME = 14;
export const T_ADDRESS = 15;
export const T_GEO = 16;
export const T_QQ = 17;
export const T_WECHAT = 18;
export const T_VIN = 19;
export const T_PERSONAL_NUMBER = 20;
export const TYPE_COUNT = DETECTOR_TYPES.length;

/** Identifiers of natural persons: opening them is forbidden (OPENING-RULES Art. 23). */
export const PERSONAL_TYPES: ReadonlySet<DetectorType> = new Set<DetectorType>([
  'cn_id',
  'cn_id15',
  'cn_mobile',
  'cn_landline',
  'bank_card',
  'email',
  'cn_passport',
  'hk_mo_tw_permit',
  'hk_id',
  'tw_id',
  'cn_plate',
  'ipv4',
  'ipv6',
  'person_name',
  'address',
  // A position to 0.01° or finer (about 1 km) is where a person was: whereabouts (行踪轨迹), sensitive under GB/T 35273.
  'geo_coordinate',
  // A person's own accounts: a QQ number or WeChat ID finds the person as surely as a mobile does.
  'qq_number',
  'wechat_id',
  // A car's VIN is on its registration with the owner's name and ID, as a plate is.
  'vin',
  // A number the text labels as a person's own (个人编号, 社保卡, 考生号): an agency's key to the person.
  'personal_number',
]);

/**
 * Identifiers of legal persons (enterprises, agencies): public business information that a
 * spec may allow. A landline or address can belong to either; they stay in PERSONAL_TYPES.
 */
export const LEGAL_PERSON_TYPES: ReadonlySet<DetectorType> = new Set<DetectorType>(['cn_uscc']);

/**
 * One identifier found inside a cell. `start`/`end` are a code-point span of the cell's text;
 * `row` is 0-based within what was scanned (scanBatches reports 1-based row numbers).
 */
export interface Finding {
  type: DetectorType;
  confidence: number;
  column: string;
  row: number;
  start: number;
  end: number;
}

export function typeCode(name: string): number {
  const i = (DETECTOR_TYPES as readonly string[]).indexOf(name);
  if (i < 0) throw new RangeError(`unknown detector type "${name}"; known: ${DETECTOR_TYPES.join(', ')}`);
  return i;
}
