import type { FpeFormat } from './format.js';
import { cnIdFormat, type BirthDateMode, type KeepRegion } from './cn-id.js';
import { cnMobileFormat } from './cn-mobile.js';
import { cnPlateFormat } from './cn-plate.js';
import { cnUsccFormat } from './cn-uscc.js';
import type { FpeFormatName } from './options.js';

export function fpeFormat(name: FpeFormatName, keepRegion: KeepRegion = 'county', birthDate: BirthDateMode = 'range'): FpeFormat {
  switch (name) {
    case 'cn.id': return cnIdFormat(keepRegion, birthDate);
    case 'cn.mobile': return cnMobileFormat;
    case 'cn.uscc': return cnUsccFormat;
    case 'cn.plate': return cnPlateFormat;
  }
}
