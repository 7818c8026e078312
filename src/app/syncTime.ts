// "14:05 22/11": when the phone last synced, in Vietnam's time, short enough for the header.
// Built on first use, not when the shell's modules load: the first Intl formatter of a page costs tens of
// milliseconds on a slow phone, and a phone that has never synced shows no time.
let parts: Intl.DateTimeFormat | undefined;

export function formatSyncTime(iso: string | number): string {
  parts ??= new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Ho_Chi_Minh' });
  const values = Object.fromEntries(parts.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${values.hour}:${values.minute} ${values.day}/${values.month}`;
}
