// A seeded generator of realistic village data (Vietnamese names, household sizes, age structure and
// status mixes) for trying the screens with thousands of people and for the benchmark. Pure: the same
// seed gives the same village.
import type { Household, Person, Visit } from './types';
import type { Relation, Sex } from './statuses';

/** mulberry32: a tiny, well-distributed seeded PRNG; Math.random cannot be seeded. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Family names with their approximate national shares (Nguyễn ≈ 38 %).
const FAMILY_NAMES: [string, number][] = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 5], ['Phan', 4.5], ['Vũ', 4],
  ['Đặng', 2], ['Bùi', 2], ['Đỗ', 1.5], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5],
];
const MALE_MIDDLE = ['Văn', 'Đức', 'Minh', 'Hữu', 'Quốc', 'Thanh', 'Xuân', 'Công'];
const FEMALE_MIDDLE = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Kim'];
const MALE_GIVEN = ['Anh', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hùng', 'Huy', 'Khang', 'Long', 'Nam', 'Phong', 'Quân', 'Sơn', 'Tài', 'Thắng', 'Toàn', 'Trung', 'Tuấn', 'Việt'];
const FEMALE_GIVEN = ['An', 'Chi', 'Dung', 'Giang', 'Hà', 'Hằng', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'My', 'Ngân', 'Nhung', 'Phương', 'Thảo', 'Trang', 'Tuyết', 'Vân', 'Yến'];
const HAMLET_PARTS = ['Xóm Trên', 'Xóm Dưới', 'Xóm Giữa', 'Đồng Chùa', 'Bãi Sậy', 'Cây Đa'];

export interface DemoVillage {
  households: Household[];
  persons: Person[];
  visits: Visit[];
}

export interface DemoOptions {
  seed: number;
  villageId: string;
  households: number;
  /** The report year, so ages are realistic whatever year it is run. */
  year: number;
  newId: () => string;
  updatedAt: string;
}

export function generateDemoVillage(options: DemoOptions): DemoVillage {
  const random = seededRandom(options.seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;
  const totalWeight = FAMILY_NAMES.reduce((sum, [, w]) => sum + w, 0);
  const familyName = () => {
    let r = random() * totalWeight;
    for (const [name, weight] of FAMILY_NAMES) if ((r -= weight) < 0) return name;
    return FAMILY_NAMES[0][0];
  };
  const fullName = (family: string, sex: Sex) =>
    `${family} ${sex === 'male' ? pick(MALE_MIDDLE) : pick(FEMALE_MIDDLE)} ${sex === 'male' ? pick(MALE_GIVEN) : pick(FEMALE_GIVEN)}`;
  const meta = { villageId: options.villageId, version: 0, deleted: false, updatedAt: options.updatedAt };

  const makePerson = (householdId: string, family: string, relation: Relation, sex: Sex, age: number): Person => {
    const adult = age >= 18;
    // Older people have fewer digital tools; the young most.
    const digital = age < 14 ? 0 : age < 35 ? 0.85 : age < 60 ? 0.65 : 0.3;
    const smartphone = adult && chance(digital) ? 'own' : chance(0.3) ? 'shared' : chance(0.5) ? 'basic_phone' : 'none';
    return {
      ...meta,
      id: options.newId(),
      householdId,
      fullName: fullName(family, sex),
      birthYear: options.year - age,
      sex,
      relation,
      residency: chance(0.85) ? 'permanent' : chance(0.5) ? 'temporary' : chance(0.7) ? 'absent' : 'moved',
      vneid: age < 14 ? 'none' : chance(digital) ? 'level2' : pick(['none', 'no_id_card', 'level1', 'level2_pending', 'locked'] as const),
      digitalSignature: adult && chance(digital * 0.25) ? pick(['remote', 'sim', 'vneid', 'usb_token'] as const) : chance(0.05) ? 'expired' : 'none',
      healthBook: chance(0.55 + digital * 0.3),
      paymentAccount: age >= 15 && chance(digital),
      usesCashless: age >= 15 && chance(digital * 0.8),
      smartphone,
      digitalSkills: adult && chance(digital * 0.7) ? pick(['attended', 'certified'] as const) : pick(['none', 'none', 'enrolled'] as const),
      onlinePublicServices: adult && chance(digital * 0.6),
    };
  };

  const result: DemoVillage = { households: [], persons: [], visits: [] };
  for (let h = 0; h < options.households; h++) {
    const householdId = options.newId();
    const family = familyName();
    const headSex: Sex = chance(0.75) ? 'male' : 'female';
    const headAge = 25 + Math.floor(random() * 55);
    const head = makePerson(householdId, family, 'head', headSex, headAge);
    const members = [head];
    if (chance(0.8)) members.push(makePerson(householdId, familyName(), 'spouse', headSex === 'male' ? 'female' : 'male', Math.max(20, headAge - 3 + Math.floor(random() * 6))));
    const children = Math.floor(random() * 4);
    for (let c = 0; c < children; c++) {
      members.push(makePerson(householdId, family, 'child', chance(0.5) ? 'male' : 'female', Math.max(0, headAge - 22 - Math.floor(random() * 15))));
    }
    if (chance(0.2)) members.push(makePerson(householdId, family, 'parent', chance(0.5) ? 'male' : 'female', Math.min(99, headAge + 22 + Math.floor(random() * 10))));
    const business = chance(0.15) ? (chance(0.7) ? 'retail' : 'other') : 'none';
    result.households.push({
      ...meta,
      id: householdId,
      address: `Số ${1 + Math.floor(random() * 300)}, ${pick(HAMLET_PARTS)}`,
      headName: head.fullName,
      phone: chance(0.7) ? `09${String(Math.floor(random() * 1e8)).padStart(8, '0')}` : undefined,
      business,
      acceptsCashless: business !== 'none' && chance(0.6),
      consentGiven: chance(0.9),
      consentAt: `${options.year}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      consentBy: head.fullName,
    });
    if (result.households[h].consentGiven === false) {
      delete result.households[h].consentAt;
      delete result.households[h].consentBy;
    }
    if (result.households[h].phone === undefined) delete result.households[h].phone;
    result.persons.push(...members);
    if (chance(0.6)) {
      result.visits.push({
        ...meta,
        id: options.newId(),
        householdId,
        visitedOn: `${options.year}-0${1 + Math.floor(random() * 9)}-2${Math.floor(random() * 9)}`,
        helpedWith: chance(0.5) ? ['vneid'] : [],
      });
    }
  }
  return result;
}
