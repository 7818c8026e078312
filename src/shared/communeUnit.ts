// What the commune-level unit is called, from its official name (src/shared/data/vn-admin-units.json):
// 697 of the 3,321 are wards ("Phường Ba Đình") and 13 special zones ("Đặc khu Phú Quốc"); "Toàn xã"
// reads wrong to them. The server's reports and the phone's screens say the same.
export type CommuneUnit = 'xa' | 'phuong' | 'dac_khu';

export function communeUnit(officialName: string | null | undefined): CommuneUnit {
  if (officialName?.startsWith('Phường ')) return 'phuong';
  if (officialName?.startsWith('Đặc khu ')) return 'dac_khu';
  return 'xa';
}

/** The unit's Vietnamese word, lower case (the reports are in Vietnamese). */
export const COMMUNE_UNIT_VI: Record<CommuneUnit, string> = { xa: 'xã', phuong: 'phường', dac_khu: 'đặc khu' };
