// Times of the audit trail and of phones' last contact, in Vietnam's time zone whatever the device's.
const DATE_TIME = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatDateTimeVi(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}
