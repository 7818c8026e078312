// The follow-up list (what each person still lacks). Expected gaps are written by hand from the age
// thresholds of domain.md's indicator table.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GAPS, followUpList, gapsOf, isPillarGap, type Gap } from '../../src/shared/followup';
import { countVillageIndicators, type IndicatorKey } from '../../src/shared/indicators';
import {
  RESIDENCIES,
  SIGNATURE_STATUSES,
  SKILLS_STATUSES,
  SMARTPHONE_STATUSES,
  VNEID_STATUSES,
} from '../../src/shared/statuses';
import type { Household, Person } from '../../src/shared/types';
import { completePerson, household as makeHousehold, lackingPerson } from '../fixtures/records';

const AS_OF = '2026-06-15';
const person = (overrides: Partial<Person> = {}) => completePerson({ relation: 'other', ...overrides });
const lacking = (overrides: Partial<Person> = {}) => lackingPerson({ relation: 'other', ...overrides });
const household = (id: string, headName: string, overrides: Partial<Household> = {}) => makeHousehold({ id, headName, address: `Xóm ${id}`, ...overrides });

const ALL_GAPS: Gap[] = [
  'vneid',
  'digitalSignature',
  'healthBook',
  'paymentAccount',
  'smartphone',
  'digitalSkills',
  'onlinePublicServices',
];

describe('gapsOf', () => {
  it.each<[string, Person, Gap[]]>([
    ['lacking everything, 13 (birthYear only)', lacking({ birthYear: 2013 }), ['healthBook']],
    ['lacking everything, 14', lacking({ birthYear: 2012 }), ['vneid', 'healthBook']],
    ['lacking everything, 15', lacking({ birthYear: 2011 }), ['vneid', 'healthBook', 'paymentAccount']],
    [
      'lacking everything, 17 (18th birthday tomorrow)',
      lacking({ birthYear: 2008, birthDate: '2008-06-16' }),
      ['vneid', 'healthBook', 'paymentAccount'],
    ],
    ['lacking everything, 18 today', lacking({ birthYear: 2008, birthDate: '2008-06-15' }), ALL_GAPS],
    ['lacking everything, 14th birthday tomorrow', lacking({ birthYear: 2012, birthDate: '2012-06-16' }), ['healthBook']],
    ['lacking everything, newborn', lacking({ birthYear: 2026, birthDate: '2026-05-01' }), ['healthBook']],
    ['lacking everything, temporary resident', lacking({ residency: 'temporary' }), ALL_GAPS],
    ['lacking everything, absent (working away)', lacking({ residency: 'absent' }), ALL_GAPS],
    ['lacking everything, moved', lacking({ residency: 'moved' }), []],
    ['lacking everything, deceased', lacking({ residency: 'deceased' }), []],
    ['lacking everything, deleted', lacking({ deleted: true }), []],
    ['lacking nothing', person(), []],
    ['signature expired', person({ digitalSignature: 'expired' }), ['digitalSignature']],
    ['signature on a USB token', person({ digitalSignature: 'usb_token' }), []],
    ['VNeID level 2 pending activation', person({ vneid: 'level2_pending' }), ['vneid']],
    ['VNeID locked', person({ vneid: 'locked' }), ['vneid']],
    ['VNeID level 1', person({ vneid: 'level1' }), ['vneid']],
    ['uses a household member’s smartphone', person({ smartphone: 'shared' }), ['smartphone']],
    ['online course not finished', person({ digitalSkills: 'enrolled' }), ['digitalSkills']],
    ['skills attended', person({ digitalSkills: 'attended' }), []],
    ['no online public services', person({ onlinePublicServices: false }), ['onlinePublicServices']],
    ['does not pay cashless: not a person gap', person({ usesCashless: false }), []],
    ['16 without signature, phone or skills', person({ birthYear: 2010, digitalSignature: 'none', smartphone: 'none', digitalSkills: 'none', onlinePublicServices: false }), []],
    ['13 without VNeID or account', person({ birthYear: 2013, vneid: 'none', paymentAccount: false }), []],
  ])('%s', (_label, subject, expected) => {
    expect(gapsOf(subject, AS_OF)).toEqual(expected);
  });

  it('lists the gaps in the order of the person form', () => {
    expect(GAPS).toEqual(ALL_GAPS);
  });
});

describe('isPillarGap', () => {
  it.each<[Gap, boolean]>([
    ['vneid', true],
    ['smartphone', true],
    ['digitalSkills', true],
    ['paymentAccount', true],
    ['digitalSignature', false],
    ['healthBook', false],
    ['onlinePublicServices', false],
  ])('%s → %s', (gap, expected) => {
    expect(isPillarGap(gap)).toBe(expected);
  });
});

describe('gaps agree with the indicators', () => {
  const INDICATOR_OF_GAP: Record<Gap, IndicatorKey> = {
    vneid: 'vneid_level2',
    digitalSignature: 'digital_signature',
    healthBook: 'health_book',
    paymentAccount: 'payment_account',
    smartphone: 'smartphone',
    digitalSkills: 'digital_skills',
    onlinePublicServices: 'online_public_services',
  };
  const personArbitrary = fc.record({
    birthYear: fc.integer({ min: 1930, max: 2026 }),
    withBirthDate: fc.boolean(),
    monthDay: fc.constantFrom('01-01', '06-14', '06-15', '06-16', '12-31'),
    residency: fc.constantFrom(...RESIDENCIES),
    deleted: fc.boolean(),
    vneid: fc.constantFrom(...VNEID_STATUSES),
    digitalSignature: fc.constantFrom(...SIGNATURE_STATUSES),
    healthBook: fc.boolean(),
    paymentAccount: fc.boolean(),
    smartphone: fc.constantFrom(...SMARTPHONE_STATUSES),
    digitalSkills: fc.constantFrom(...SKILLS_STATUSES),
    onlinePublicServices: fc.boolean(),
  });

  it('persons lacking X = denominator − numerator of X’s indicator, for any village', () => {
    fc.assert(
      fc.property(fc.array(personArbitrary, { maxLength: 25 }), (records) => {
        const persons = records.map(({ withBirthDate, monthDay, ...r }) =>
          person({ ...r, birthDate: withBirthDate ? `${r.birthYear}-${monthDay}` : undefined }),
        );
        const counts = countVillageIndicators(
          { persons, households: [household('h1', 'A')], visits: [], expectedHouseholds: null },
          AS_OF,
        );
        for (const gap of GAPS) {
          const indicator = counts.find((c) => c.key === INDICATOR_OF_GAP[gap])!;
          const lackingIt = persons.filter((p) => gapsOf(p, AS_OF).includes(gap)).length;
          expect(lackingIt).toBe(indicator.denominator - indicator.numerator);
        }
      }),
    );
  });
});

describe('followUpList', () => {
  const households = [
    household('h1', 'Trần Văn Bình'),
    household('h2', 'Nguyễn Thị Ánh'),
    household('h3', 'Lê Văn Anh'),
    household('h4', 'Phạm Văn Đức', { deleted: true }),
    household('h5', 'Hoàng Văn Dũng'),
    household('h6', 'Vũ Thị Ân'),
    household('h7', 'Đỗ Văn Anh'),
  ];
  const persons = [
    // h1: two with gaps, one without.
    lacking({ householdId: 'h1', fullName: 'Trần Văn Bình' }),
    person({ householdId: 'h1', fullName: 'Trần Thị Ân' }),
    lacking({ householdId: 'h1', fullName: 'Trần Văn Đạt', birthYear: 2013 }),
    lacking({ householdId: 'h1', fullName: 'Trần Thị Dung', birthYear: 2011, healthBook: true }),
    // h2: a 16-year-old lacking only VNeID.
    person({ householdId: 'h2', fullName: 'Nguyễn Thị Ánh', birthYear: 2010, vneid: 'level1' }),
    // h3: an adult lacking only a signature.
    person({ householdId: 'h3', fullName: 'Lê Văn Anh', digitalSignature: 'expired' }),
    // h4 is deleted; h5 lacks nothing; h6's only person with gaps moved away.
    lacking({ householdId: 'h4', fullName: 'Phạm Văn Đức' }),
    person({ householdId: 'h5', fullName: 'Hoàng Văn Dũng' }),
    lacking({ householdId: 'h6', fullName: 'Vũ Thị Ân', residency: 'moved' }),
    // h7: same given name as h3's head; sorts before "Lê Văn Anh" by full name (d < đ < e < … < l).
    person({ householdId: 'h7', fullName: 'Đỗ Văn Anh', smartphone: 'shared' }),
    // Someone in a household that is not in the list at all.
    lacking({ householdId: 'elsewhere', fullName: 'Mai Văn Cường' }),
  ];

  function summary(list: ReturnType<typeof followUpList<Household, Person>>) {
    return list.map(({ household: h, persons: members }) => [
      h.headName,
      members.map(({ person: p, gaps }) => [p.fullName, gaps]),
    ]);
  }

  it('lists households by head’s given name, each with its persons who lack something', () => {
    expect(summary(followUpList(households, persons, AS_OF))).toEqual([
      ['Đỗ Văn Anh', [['Đỗ Văn Anh', ['smartphone']]]],
      ['Lê Văn Anh', [['Lê Văn Anh', ['digitalSignature']]]],
      ['Nguyễn Thị Ánh', [['Nguyễn Thị Ánh', ['vneid']]]],
      [
        'Trần Văn Bình',
        [
          ['Trần Văn Bình', ALL_GAPS],
          ['Trần Thị Dung', ['vneid', 'paymentAccount']],
          ['Trần Văn Đạt', ['healthBook']],
        ],
      ],
    ]);
  });

  it.each<[Gap, [string, string[]][]]>([
    ['vneid', [['Nguyễn Thị Ánh', ['Nguyễn Thị Ánh']], ['Trần Văn Bình', ['Trần Văn Bình', 'Trần Thị Dung']]]],
    ['digitalSignature', [['Lê Văn Anh', ['Lê Văn Anh']], ['Trần Văn Bình', ['Trần Văn Bình']]]],
    ['healthBook', [['Trần Văn Bình', ['Trần Văn Bình', 'Trần Văn Đạt']]]],
    ['smartphone', [['Đỗ Văn Anh', ['Đỗ Văn Anh']], ['Trần Văn Bình', ['Trần Văn Bình']]]],
    ['onlinePublicServices', [['Trần Văn Bình', ['Trần Văn Bình']]]],
  ])('filtered by %s keeps only the persons lacking it', (gap, expected) => {
    const list = followUpList(households, persons, AS_OF, { gap });
    expect(list.map(({ household: h, persons: m }) => [h.headName, m.map(({ person: p }) => p.fullName)])).toEqual(
      expected,
    );
  });

  it('keeps all of a person’s gaps when filtered', () => {
    const [entry] = followUpList(households, persons, AS_OF, { gap: 'healthBook' });
    expect(entry.persons[0].gaps).toEqual(ALL_GAPS);
  });

  it('tells heads of the same name apart by address', () => {
    const twins = [household('x2', 'Nguyễn Văn An', { address: 'Xóm Đông' }), household('x1', 'Nguyễn Văn An', { address: 'Xóm Bắc' })];
    const members = [lacking({ householdId: 'x1' }), lacking({ householdId: 'x2' })];
    expect(followUpList(twins, members, AS_OF).map((e) => e.household.address)).toEqual(['Xóm Bắc', 'Xóm Đông']);
  });

  it('is empty for an empty village', () => {
    expect(followUpList([], [], AS_OF)).toEqual([]);
  });
});
