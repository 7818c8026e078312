// Vietnamese text for each error code: for logs, curl users and clients that do not know a code yet.
// The phone shows its own translation of `errors.<CODE>` instead.
import type { ErrorCode } from '../../shared/errors';

export const MESSAGES_VI: Record<ErrorCode, string> = {
  MALFORMED_JSON: 'Dữ liệu gửi lên không phải JSON hợp lệ.',
  VALIDATION_FAILED: 'Dữ liệu không hợp lệ.',
  UNKNOWN_FIELD: 'Có trường dữ liệu không được hỗ trợ.',
  UNKNOWN_ENTITY: 'Loại bản ghi không được hỗ trợ.',
  INVALID_CURSOR: 'Mốc đồng bộ không hợp lệ.',
  COMMUNE_CODE_UNKNOWN: 'Mã xã không có trong danh mục đơn vị hành chính.',
  UNAUTHENTICATED: 'Chưa đăng nhập hoặc phiên đăng nhập đã hết hiệu lực.',
  INVALID_CREDENTIALS: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  FORBIDDEN: 'Bạn không có quyền thực hiện thao tác này.',
  FORBIDDEN_VILLAGE: 'Bạn không được phân công thôn này.',
  NOT_FOUND: 'Không tìm thấy.',
  RECORD_NOT_FOUND: 'Không tìm thấy bản ghi trên máy chủ.',
  RECORD_DELETED: 'Bản ghi đã bị xoá.',
  VILLAGE_CHANGE_NOT_ALLOWED: 'Không được chuyển bản ghi sang thôn khác.',
  MUTATION_ID_REUSED: 'Mã thay đổi đã được dùng cho một thay đổi khác.',
  USERNAME_TAKEN: 'Tên đăng nhập đã được dùng.',
  VILLAGE_CODE_TAKEN: 'Mã thôn đã được dùng trong xã.',
  COMMUNE_ALREADY_SET: 'Xã của máy chủ đã được chọn.',
  CONFLICT_ALREADY_RESOLVED: 'Xung đột này đã được xử lý.',
  REFERENCE_NOT_FOUND: 'Bản ghi liên quan (hộ, người) không có trên máy chủ.',
  REFERENCE_OTHER_VILLAGE: 'Bản ghi liên quan thuộc thôn khác.',
  PAYLOAD_TOO_LARGE: 'Dữ liệu gửi lên quá lớn.',
  TOO_MANY_MUTATIONS: 'Quá nhiều thay đổi trong một lần gửi.',
  UNSUPPORTED_MEDIA_TYPE: 'Kiểu dữ liệu gửi lên không được hỗ trợ (cần application/json).',
  RATE_LIMITED: 'Thử quá nhiều lần. Vui lòng đợi rồi thử lại.',
  CLIENT_TOO_OLD: 'Ứng dụng đã cũ, vui lòng cập nhật.',
  SERVER_TOO_OLD: 'Máy chủ chưa hỗ trợ phiên bản ứng dụng này.',
  INTERNAL: 'Lỗi máy chủ. Vui lòng thử lại sau.',
};
