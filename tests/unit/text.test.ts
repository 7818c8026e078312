// Vietnamese text helpers (domain.md, "Vietnamese text").
import { describe, expect, it } from 'vitest';
import {
  compareByGivenName,
  compareVillageNames,
  foldVietnamese,
  sortByGivenName,
  formatNumberVi,
  formatPercentVi,
  givenName,
  matchesSearch,
  parseCountVi,
  viCollator,
} from '../../src/shared/text';

describe('foldVietnamese', () => {
  it.each<[string, string]>([
    ['Nguyễn', 'nguyen'],
    ['Đặng', 'dang'],
    ['đường', 'duong'],
    ['ĐỖ THỊ HẠNH', 'do thi hanh'],
    ['hoà', 'hoa'], // old-style tone placement
    ['hòa', 'hoa'], // new-style tone placement
    ['Hoà'.normalize('NFD'), 'hoa'], // decomposed input, as some keyboards send it
    ['  Trần   Văn\tBình \n', 'tran van binh'],
    ["Ksor H'Thoan", "ksor h'thoan"],
    ['Ksor H’Thoan', "ksor h'thoan"], // typographic apostrophe from a phone keyboard
    ['Thôn 3, Xã Ea Kao', 'thon 3, xa ea kao'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });
});

describe('matchesSearch', () => {
  it.each<[string, string, boolean]>([
    ['Nguyễn Văn An', 'nguyen', true],
    ['Nguyễn Văn An', 'Nguyễn', true],
    ['Nguyễn Văn An', 'NGUYEN', true],
    ['Nguyễn Văn An', 'an nguyen', true], // any word order
    ['Nguyễn Văn An', '  van   an ', true],
    ['Nguyễn Văn An', 'nguyen binh', false], // every word must occur
    ['Nguyễn Văn An', 'ng', true], // a prefix while typing
    ['Lê Thị Hòa', 'hoà', true],
    ['Lê Thị Hoà', 'hòa', true],
    ['Đặng Văn Lâm', 'dang', true],
    ['Đặng Văn Lâm', 'Đặng', true],
    ['Dương Văn Lâm', 'đương', true],
    ["Ksor H'Thoan", "h'thoan", true],
    ["Ksor H'Thoan", 'thoan', true],
    ['Nguyễn Văn An', '', true],
    ['Nguyễn Văn An', '   ', true],
    ['Nguyễn Văn An', 'binh', false],
    // A phone number as people write it finds the digits the form stored, with 0 or +84 first.
    ['Nguyễn Văn An Xóm Trên 0912345678', '0912.345.678', true],
    ['Nguyễn Văn An Xóm Trên 0912345678', '0912-345-678', true],
    ['Nguyễn Văn An Xóm Trên 0912345678', '(0912) 345 678', true],
    ['Nguyễn Văn An Xóm Trên 0912345678', '+84 912 345 678', true],
    ['Nguyễn Văn An Xóm Trên +84912345678', '0912.345.678', true],
    ['Nguyễn Văn An Xóm Trên 0912345678', '0912.345', true], // while typing
    ['Nguyễn Văn An Xóm Trên 0912345678', '0913.345.678', false],
    ['Nguyễn Văn An Số 12-14 đường trục', '12-14', true], // an address, not a phone
  ])('%j finds %j: %s', (haystack, query, expected) => {
    expect(matchesSearch(foldVietnamese(haystack), query)).toBe(expected);
  });
});

describe('givenName', () => {
  it.each<[string, string]>([
    ['Nguyễn Văn An', 'An'],
    ['  Trần Thị   Bích Ngọc  ', 'Ngọc'],
    ["Ksor H'Thoan", "H'Thoan"],
    ['Sùng A Páo', 'Páo'],
    ['Hoa', 'Hoa'],
    ['', ''],
  ])('%j → %j', (fullName, expected) => {
    expect(givenName(fullName)).toBe(expected);
  });
});

describe('compareByGivenName', () => {
  it('sorts by given name with a < ă < â and d < đ, then by full name', () => {
    const names = [
      'Phạm Văn Đức',
      'Lê Văn Dũng',
      'Trần Thị Ân',
      'Nguyễn Thị Ăn',
      'Nguyễn Văn An',
      'Bùi Văn Bình',
      'Hoàng Thị Én',
      'Đỗ Văn An',
      'Lê Văn An',
    ];
    expect([...names].sort(compareByGivenName)).toEqual([
      'Đỗ Văn An', // same given name: by full name, and Đ sorts between D and E
      'Lê Văn An',
      'Nguyễn Văn An',
      'Nguyễn Thị Ăn',
      'Trần Thị Ân',
      'Bùi Văn Bình',
      'Lê Văn Dũng',
      'Phạm Văn Đức',
      'Hoàng Thị Én',
    ]);
  });

  it('sortByGivenName orders records by a name exactly as the comparator orders the names', () => {
    const names = ['Phạm Văn Đức', ' Lê Văn Dũng', 'Trần Thị Ân', 'Nguyễn Thị Ăn', 'Nguyễn Văn An', "Ksor H'Thoan", 'Đỗ Văn An ', 'Lê Văn An'];
    const records = names.map((name, index) => ({ index, name }));
    expect(sortByGivenName(records, (record) => record.name).map((record) => record.name)).toEqual([...names].sort(compareByGivenName));
    expect(records.map((record) => record.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]); // the input is left as it was
  });

  it('sortByGivenName keeps records of the same name in order, or orders them by the tie-break given', () => {
    const records = [
      { name: 'Lò Văn Bình', address: 'Xóm Trên' },
      { name: 'Hà Văn An', address: 'Xóm Giữa' },
      { name: 'Lò Văn Bình ', address: 'Xóm Dưới' },
    ];
    expect(sortByGivenName(records, (record) => record.name).map((record) => record.address)).toEqual(['Xóm Giữa', 'Xóm Trên', 'Xóm Dưới']);
    expect(sortByGivenName(records, (record) => record.name, (a, b) => viCollator.compare(a.address, b.address)).map((record) => record.address)).toEqual([
      'Xóm Giữa',
      'Xóm Dưới',
      'Xóm Trên',
    ]);
  });

  it('keeps apostrophes: "Ksor H\'Thoan" sorts under H, not under T', () => {
    const names = ['Nay Thoan', 'Lê Thị Hà', "Ksor H'Thoan", 'Trần Văn Hùng', 'Rơ Châm Hen'];
    expect([...names].sort(compareByGivenName)).toEqual([
      "Ksor H'Thoan",
      'Lê Thị Hà',
      'Rơ Châm Hen',
      'Trần Văn Hùng',
      'Nay Thoan',
    ]);
  });

  it.each<[string, string, '<' | '=' | '>']>([
    ['Nguyễn Văn An', 'Lê Văn Bình', '<'],
    ['Lê Văn Bình', 'Nguyễn Văn An', '>'],
    ['Lê Văn An', 'Nguyễn Văn An', '<'],
    ['Nguyễn Văn An', 'Nguyễn Văn An', '='],
    ['Nguyễn Văn An ', 'Nguyễn Văn An', '='],
    ['Hà Văn Dũng', 'Hà Văn Đông', '<'], // Dũng (d) before Đông (đ) though o < u
  ])('%j vs %j: %s', (a, b, expected) => {
    const sign = Math.sign(compareByGivenName(a, b));
    expect(sign).toBe({ '<': -1, '=': 0, '>': 1 }[expected]);
  });

  it('uses one Vietnamese collator', () => {
    expect(viCollator.resolvedOptions().locale).toBe('vi');
  });
});

describe('compareVillageNames', () => {
  it('orders numbers as numbers and Vietnamese letters in their place', () => {
    const names = ['Thôn 10', 'Thôn Đồng Tâm', 'Thôn 2', 'Thôn Xuân', 'Thôn Dọc', 'Thôn 1', 'Tổ dân phố 3'];
    expect([...names].sort(compareVillageNames)).toEqual(['Thôn 1', 'Thôn 2', 'Thôn 10', 'Thôn Dọc', 'Thôn Đồng Tâm', 'Thôn Xuân', 'Tổ dân phố 3']);
  });
});

describe('formatNumberVi', () => {
  it.each<[number, number | undefined, string]>([
    [1234.5, undefined, '1.234,5'],
    [1234567, undefined, '1.234.567'],
    [50000, undefined, '50.000'],
    [0, undefined, '0'],
    [0.5, 2, '0,50'],
    [83.333, 1, '83,3'],
    [2 / 3, 1, '0,7'],
    [12, 0, '12'],
    [-1500, undefined, '-1.500'],
  ])('%d with %s decimals → %j', (value, digits, expected) => {
    expect(formatNumberVi(value, digits)).toBe(expected);
  });
});

describe('formatPercentVi', () => {
  it.each<[number | null, string]>([
    [null, '—'],
    [0, '0%'],
    [1, '100%'],
    [0.8, '80%'],
    [0.8333, '83,3%'],
    [2 / 3, '66,7%'],
    [0.25, '25%'],
    [1.2, '120%'], // more households found than the commune expected
    [0.9996, '99,9%'], // a 100% target not yet met never reads 100%
    [4999 / 5000, '99,9%'],
    [0.0004, '0,1%'], // someone has it: never reads 0%
    [1 / 5000, '0,1%'],
    [NaN, '—'],
  ])('%s → %j', (rate, expected) => {
    expect(formatPercentVi(rate)).toBe(expected);
  });
});

describe('parseCountVi', () => {
  it.each([['1200', 1200], ['1.200', 1200], ['1 200', 1200], ['12.345', 12345], [' 250 ', 250], ['0', 0]])('reads %s as %i', (text, value) => {
    expect(parseCountVi(text)).toBe(value);
  });
  it('empty text is null (not given)', () => expect(parseCountVi('  ')).toBeNull());
  it.each(['1,5', '12.00', '1.2000', 'abc', '-3', '1.200.0'])('refuses %s', (text) => expect(parseCountVi(text)).toBeUndefined());
  it('refuses more than the maximum', () => expect(parseCountVi('100.001', 100_000)).toBeUndefined());
});
