/**
 * A `_name` header qualified by a thing (drug_name, productName, xuexiao_name) is a thing's name;
 * one qualified by a person (patient_name, doctorName, huanzhe_name), a bare name and any word the
 * rule does not know stay a person's (header-modes.ts thingName). Before the rule all 40 thing
 * headers below were read as persons' names (a prescriptions draft dropped drug_name).
 */
import { describe, expect, it } from 'vitest';
import { headerModes, isNameHeader } from '../src/detect/header-modes.js';

export const THING_HEADERS = [
  'drug_name', 'DrugName', 'drugname', 'drug name', 'Drug Name', 'medicine_name', 'vaccine_name', 'generic_name', 'brand_name',
  'product_name', 'productName', 'item_name', 'goods_name', 'device_name', 'company_name', 'companyName', 'org_name',
  'bank_name', 'branch_name', 'shop_name', 'store_name', 'school_name', 'schoolName', 'course_name', 'dept_name',
  'department_name', 'hospital_name', 'station_name', 'stop_name', 'route_name', 'project_name', 'file_name',
  'drug_name_cn', 'village_name', 'district_name', 'yaopin_name', 'shangpin_name', 'xuexiao_name', 'gongsi_name', 'keshi_name',
  '药品名字', '公司名字',
];

export const PERSON_HEADERS = [
  'name', 'Name', 'NAME', 'full_name', 'fullname', 'FullName', 'first_name', 'last_name', 'given_name', 'family_name',
  'nick_name', 'user_name', 'username', 'display_name', 'patient_name', 'patientName', 'doctor_name', 'doctorName',
  'owner_name', 'shop_owner_name', 'company_contact_name', 'contact_name', 'emergency_contact_name', 'applicant_name',
  'driver_name', 'teacher_name', 'student_name', 'parent_name', 'guardian_name', 'account_name', 'vendor_name',
  'seller_name', 'dept_head_name', 'school_principal_name', 'legal_rep_name', 'huanzhe_name', 'yisheng_name',
  'xuesheng_name', 'jiazhang_name', 'fuzeren_name', '姓名', '患者姓名', '公司负责人姓名',
];

describe('a thing\'s name is no person\'s name (header-modes thingName)', () => {
  it(`${THING_HEADERS.length} headers naming a thing are not read as persons' names`, () => {
    expect(THING_HEADERS.filter(isNameHeader)).toEqual([]);
  });
  it(`${PERSON_HEADERS.length} headers naming a person (or nothing but name) still are`, () => {
    expect(PERSON_HEADERS.filter((h) => !isNameHeader(h))).toEqual([]);
  });
  it('the scanner\'s mode follows: drug_name reads no whole cell as a name, patient_name does', () => {
    expect(headerModes('drug_name').name).toBe(false);
    expect(headerModes('patient_name').name).toBe(true);
  });
  it('animal names stay no person\'s (the earlier rule)', () => {
    expect(['dog_name', 'pet name', '犬名'].map(isNameHeader)).toEqual([false, false, false]);
  });
});
