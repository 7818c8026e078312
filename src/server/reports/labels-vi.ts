// Vietnamese words of the report files. The server has no i18n (reports are Vietnamese documents for the
// commune and the province); tests/unit/report-labels.test.ts keeps these equal to the app's vi.json so
// a report and the screen name each indicator the same way.
import type { IndicatorKey } from '../../shared/indicators';
import type { Gap } from '../../shared/followup';

export const INDICATOR_LABELS_VI: Record<IndicatorKey, string> = {
  vneid_level2: 'VNeID mức 2 (từ 14 tuổi)',
  digital_signature: 'Chữ ký số (từ 18 tuổi)',
  health_book: 'Sổ sức khỏe điện tử',
  payment_account: 'Tài khoản thanh toán (từ 15 tuổi)',
  cashless_household: 'Hộ thanh toán không tiền mặt',
  business_cashless: 'Hộ kinh doanh nhận thanh toán không tiền mặt',
  smartphone: 'Có điện thoại thông minh (từ 18 tuổi)',
  digital_skills: 'Kỹ năng số cơ bản (từ 18 tuổi)',
  online_public_services: 'Dùng dịch vụ công trực tuyến (từ 18 tuổi)',
  digital_citizen: 'Công dân số đủ 4 trụ cột (từ 18 tuổi)',
  household_coverage: 'Hộ đã được đến hỗ trợ',
};

export const GAP_LABELS_VI: Record<Gap, string> = {
  vneid: 'VNeID mức 2',
  digitalSignature: 'Chữ ký số',
  healthBook: 'Sổ sức khỏe',
  paymentAccount: 'Tài khoản thanh toán',
  smartphone: 'Điện thoại thông minh',
  digitalSkills: 'Kỹ năng số',
  onlinePublicServices: 'Dịch vụ công trực tuyến',
};

/** Column headers of the summary (sheet and CSV), in column order. */
export const SUMMARY_HEADERS_VI = ['Đơn vị', 'Mã chỉ số', 'Chỉ số', 'Số đạt', 'Tổng số', 'Tỷ lệ', 'Chỉ tiêu', 'Còn thiếu để đạt chỉ tiêu'] as const;

export const FOLLOW_UP_HEADERS_VI = ['STT', 'Thôn', 'Chủ hộ', 'Địa chỉ', 'Họ và tên', 'Năm sinh', 'Tuổi', 'Còn thiếu'] as const;
