// Reading import files as text: CSV quoting and delimiters as Excel writes them, and the encodings that
// must be refused rather than turned into garbled names.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/server/import/csv';
import { decodeCsvBytes, looksLikeMojibake } from '../../src/server/import/decode-text';
import { readBoolean, readChoice, readDate, readPhone } from '../../src/server/import/cell-values';
import { columnOfHeader } from '../../src/server/import/columns';

describe('CSV as Excel writes it', () => {
  it('semicolons (Vietnamese Windows), quoted delimiters, doubled quotes and line breaks in a cell, CRLF', () => {
    const text = 'a;b;c\r\n"Số 1; Xóm ""Trên""";"dòng\r\nhai";x\r\n;;\r\n';
    expect(parseCsv(text)).toEqual([['a', 'b', 'c'], ['Số 1; Xóm "Trên"', 'dòng\r\nhai', 'x'], ['', '', '']]);
  });

  it('commas when the header has more commas than semicolons; a last line without a line end', () => {
    expect(parseCsv('a,b\n1,"2,5"')).toEqual([['a', 'b'], ['1', '2,5']]);
  });
});

describe('encodings', () => {
  const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

  it('reads UTF-8 with and without a byte-order mark', () => {
    expect(decodeCsvBytes(utf8('\uFEFFNguyễn Thị Đào'))).toBe('Nguyễn Thị Đào');
    expect(decodeCsvBytes(utf8('Nguyễn Thị Đào'))).toBe('Nguyễn Thị Đào');
  });

  it('refuses Windows-1258 bytes (not UTF-8) with IMPORT_NOT_UTF8', () => {
    // "Nguyễn" in Windows-1258: ê (0xEA) followed by the combining tilde (0xDE).
    expect(() => decodeCsvBytes(new Uint8Array([0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e]))).toThrow(expect.objectContaining({ code: 'IMPORT_NOT_UTF8' }));
  });

  it('knows UTF-8 text once read as Windows-1252 from real Vietnamese', () => {
    const mangled = new TextDecoder('windows-1252').decode(Buffer.from('Nguyễn Văn Đức, Trường', 'utf8'));
    expect(looksLikeMojibake(mangled)).toBe(true);
    for (const real of ['Nguyễn Văn Đức', 'NGÃ BA', 'Ksor H\'Thoan', 'Hoàng Thị Ánh', 'Ông Ích Khiêm', 'Æ']) expect([real, looksLikeMojibake(real)]).toEqual([real, false]);
  });
});

describe('cells', () => {
  it('booleans 1/0, có/không, x/empty without regard to accents or case', () => {
    for (const yes of ['1', 'có', 'Co', 'CÓ', 'x', 'X']) expect(readBoolean(yes)).toEqual({ ok: true, value: true });
    for (const no of ['0', 'không', 'Khong', '', ' ']) expect(readBoolean(no)).toEqual({ ok: true, value: false });
    expect(readBoolean('có lẽ')).toMatchObject({ ok: false, problem: { code: 'invalid_boolean' } });
  });

  it('choices by value or Vietnamese word; an unknown value names the allowed ones', () => {
    expect(readChoice('Nữ', 'sex', ['male', 'female'])).toEqual({ ok: true, value: 'female' });
    expect(readChoice('Thường trú', 'residency', ['permanent', 'temporary'])).toEqual({ ok: true, value: 'permanent' });
    expect(readChoice('', 'vneid', ['none', 'level2'], 'none')).toEqual({ ok: true, value: 'none' });
    expect(readChoice('lv2', 'vneid', ['none', 'level2'])).toMatchObject({ ok: false, problem: { code: 'invalid_value', message: expect.stringContaining('level2') } });
  });

  it('dates dd/mm/yyyy, phones that lost their 0, headers in Vietnamese', () => {
    expect(readDate('7/3/1985')).toEqual({ ok: true, value: '1985-03-07' });
    expect(readDate('31/02/1985')).toMatchObject({ ok: false, problem: { code: 'invalid_date' } });
    expect(readPhone('912 345 678')).toBe('0912345678');
    expect(readPhone('0912.345.678')).toBe('0912345678');
    expect(columnOfHeader('Họ và tên')).toBe('person_name');
    expect(columnOfHeader('ho va ten')).toBe('person_name');
    expect(columnOfHeader('Năm sinh (birth_year)')).toBe('birth_year');
    expect(columnOfHeader('Ghi chú')).toBeUndefined();
  });
});
